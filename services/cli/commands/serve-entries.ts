import type { ServiceName } from '../../common/config/service-options.js';
import type { ServeEntry } from '../../common/service/serve-entry.js';
import { OptionSpecs } from '../../common/config/options.js';

// Each service contributes its entry from its own folder as it lands.
export const SERVE_ENTRIES: Partial<Record<ServiceName, ServeEntry<OptionSpecs>>> = {};
