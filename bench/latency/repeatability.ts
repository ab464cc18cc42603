// Repeatability of the agent's measurement: the same architecture measured 5 times (each
// a full MODEL task), coefficient of variation of the 5 medians, for a few protocols
// interleaved so they see the same machine load.
//   npx tsx bench/latency/repeatability.ts [--size 64] [--repeats 5]
// Run it pinned to one core as well: taskset -c 1 npx tsx bench/latency/repeatability.ts
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Rng } from '../../services/common/random/rng.js';
import { decode, MOBILEFACENET, sampleUniform, toArchitectureMessage, type ArchitectureSpec } from '../../services/common/search-space/index.js';
import { startAgentEngine } from '../../services/profiler/agent/agent-engine.js';
import { TfjsRunner } from '../../services/profiler/agent/tfjs-runner.js';
import { coefficientOfVariation, mean } from '../../services/profiler/statistics.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '64' }, repeats: { type: 'string', default: '5' }, clock: { type: 'string', default: 'wall' } } });
const size = Number(values.size);
const runner = new TfjsRunner(await startAgentEngine(1), values.clock as 'wall' | 'cpu');
const PROTOCOLS = [
  { warmupRuns: 5, runs: 20 },
  { warmupRuns: 10, runs: 50 },
  { warmupRuns: 20, runs: 100 },
];
const NETWORKS: [string, ArchitectureSpec][] = [
  ['mobilefacenet', MOBILEFACENET],
  ['random-seed-7', decode(sampleUniform(new Rng(7)))],
];

const load0 = loadavg()[0];
for (const [name, spec] of NETWORKS) {
  const medians = new Map<string, number[]>(PROTOCOLS.map((p) => [`${p.warmupRuns}/${p.runs}`, []]));
  for (let r = 0; r < Number(values.repeats); r++) {
    for (const p of PROTOCOLS) {
      const result = await runner.run({ taskId: 'r', kind: 'TASK_KIND_MODEL', architecture: toArchitectureMessage(spec, size), imageSize: size, threads: 1, layerKeys: [], ...p });
      medians.get(`${p.warmupRuns}/${p.runs}`)?.push(result.latency?.medianMs as number);
    }
  }
  for (const [protocol, ms] of medians) {
    console.log(JSON.stringify({ network: name, clock: values.clock, size, protocol, medians: ms.map((m) => Number(m.toFixed(3))), meanMs: Number(mean(ms).toFixed(3)), cv: Number(coefficientOfVariation(ms).toFixed(4)) }));
  }
}
console.log(JSON.stringify({ loadavg1mStart: load0, loadavg1mEnd: loadavg()[0] }));
