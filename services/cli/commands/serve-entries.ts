import type { OptionSpecs } from '../../common/config/options.js';
import type { ServiceName } from '../../common/config/service-options.js';
import type { ServeEntry } from '../../common/service/serve-entry.js';
import { datasetServeEntry } from '../../dataset/serve-dataset.js';
import { agentServeEntry } from '../../profiler/agent/serve-agent.js';
import { profilerServeEntry } from '../../profiler/serve-profiler.js';

// Each service contributes its entry from its own folder.
export const SERVE_ENTRIES: Partial<Record<ServiceName, ServeEntry<OptionSpecs>>> = {
  dataset: datasetServeEntry as unknown as ServeEntry<OptionSpecs>,
  profiler: profilerServeEntry as unknown as ServeEntry<OptionSpecs>,
  agent: agentServeEntry as unknown as ServeEntry<OptionSpecs>,
};
