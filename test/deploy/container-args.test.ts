import { describe, expect, it } from 'vitest';
import { parseOptions, type OptionSpecs } from '../../services/common/config/options.js';
import { commonServiceOptions, type ServiceName } from '../../services/common/config/service-options.js';
import { SERVE_ENTRIES } from '../../services/cli/commands/serve-entries.js';
import { SETUPS } from './deployment-setups.js';
import { workloads } from './validation/cross-references.js';

// Every facenas container in every overlay runs `serve <service> <flags>`: the flags
// (and their values, with $(VAR) references filled by a stand-in) must be ones that
// service's real option parser accepts, or the pod crash-loops at start.

function standIn(name: string): string {
  if (/ADDR|PROFILER|DATASET/.test(name)) return 'facenas-service:50051';
  if (/PORT/.test(name)) return '50051';
  if (/URL/.test(name)) return 'nats://nats:4222';
  return 'value';
}

describe('container arguments in deploy/k8s', () => {
  for (const setup of SETUPS) {
    it(`${setup.name}: every serve command parses with its service's options`, () => {
      const checked: string[] = [];
      for (const w of workloads(setup.render())) {
        for (const container of w.pod.containers) {
          const args = container.args ?? [];
          if (args[0] !== 'serve') continue;
          const service = args[1] as ServiceName;
          const entry = SERVE_ENTRIES[service];
          expect(entry, `${w.manifest.metadata.name}: unknown service ${service}`).toBeDefined();
          const specs: OptionSpecs = { ...commonServiceOptions(service), ...entry!.options };
          const flags = args.slice(2).map((a) => a.replace(/\$\(([A-Z0-9_]+)\)/g, (_m, v: string) => standIn(v)));
          expect(() => parseOptions(specs, flags, {}), `${w.manifest.metadata.name}: ${args.join(' ')}`).not.toThrow();
          checked.push(service);
        }
      }
      expect(checked.sort()).toEqual(expect.arrayContaining(['controller', 'dataset', 'profiler', 'trainer']));
    });
  }

  it('catches a flag the service does not take', () => {
    const specs: OptionSpecs = { ...commonServiceOptions('controller'), ...SERVE_ENTRIES.controller!.options };
    expect(() => parseOptions(specs, ['--profiler-addr=x:1'], {})).toThrow(/Unknown option '--profiler-addr'/);
  });
});
