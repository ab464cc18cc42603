import type { OptionSpecs } from '../../common/config/options.js';
import type { ServiceName } from '../../common/config/service-options.js';
import type { ServeEntry } from '../../common/service/serve-entry.js';
import { controllerServeEntry } from '../../controller/serve-controller.js';
import { datasetServeEntry } from '../../dataset/serve-dataset.js';
import { agentServeEntry } from '../../profiler/agent/serve-agent.js';
import { profilerServeEntry } from '../../profiler/serve-profiler.js';
import { trainerServeEntry } from '../../trainer/serve-trainer.js';

// Each service contributes its entry from its own folder.
export const SERVE_ENTRIES: Partial<Record<ServiceName, ServeEntry<OptionSpecs>>> = {
  controller: controllerServeEntry as unknown as ServeEntry<OptionSpecs>,
  dataset: datasetServeEntry as unknown as ServeEntry<OptionSpecs>,
  profiler: profilerServeEntry as unknown as ServeEntry<OptionSpecs>,
  trainer: trainerServeEntry as unknown as ServeEntry<OptionSpecs>,
  agent: agentServeEntry as unknown as ServeEntry<OptionSpecs>,
};
