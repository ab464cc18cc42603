// Compares the search strategies on the stand-in objective (standin-objective.ts):
// equal budgets of trials asked in batches (like parallel trials), several seeds,
// best MnasNet soft reward reached by given trial counts, mean ± sample std over seeds.
//
//   npx tsx bench/strategies/run.ts [--seeds 5] [--trials 200] [--batch 3]
//       [--strategies reinforce,evolution,random] [--set reinforce.learning_rate=0.05 ...]
//       [--objective-seed 2024] [--checkpoints 50,100,200]

import { parseArgs } from 'node:util';
import { initEngine } from '../../services/common/engine/engine.js';
import { DECISION_SPACE, mutate } from '../../services/common/search-space/index.js';
import { mnasReward, resolveRewardParameters } from '../../services/controller/reward/mnas-reward.js';
import { createStrategy } from '../../services/controller/strategies/registry.js';
import type { StrategySpace } from '../../services/controller/strategies/strategy.js';
import { Rng } from '../../services/common/random/rng.js';
import { StandinObjective } from './standin-objective.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    trials: { type: 'string', default: '200' },
    batch: { type: 'string', default: '3' },
    strategies: { type: 'string', default: 'reinforce,evolution,random' },
    set: { type: 'string', multiple: true, default: [] },
    'objective-seed': { type: 'string', default: '2024' },
    checkpoints: { type: 'string', default: '50,100,200' },
  },
});
const seeds = Number(values.seeds);
const trials = Number(values.trials);
const batch = Number(values.batch);
const checkpoints = values.checkpoints.split(',').map(Number);
const strategies = values.strategies.split(',');
const settings: Record<string, Record<string, string>> = {};
for (const item of values.set) {
  const match = /^(\w+)\.(\w+)=(.*)$/.exec(item);
  if (!match) throw new Error(`--set wants strategy.setting=value, got ${item}`);
  (settings[match[1]] ??= {})[match[2]] = match[3];
}

const objective = new StandinObjective(Number(values['objective-seed']));
const space: StrategySpace = { ...DECISION_SPACE, mutate };

// T = median latency of random architectures: about half of them meet the target.
const referenceRng = new Rng(7);
const reference = Array.from({ length: 20_000 }, () => objective.evaluate(DECISION_SPACE.cardinalities.map((n) => referenceRng.int(n))));
const latencies = reference.map((r) => r.latencyMs).sort((a, b) => a - b);
const target = latencies[latencies.length >> 1];
const rewardParameters = resolveRewardParameters({ constraint: 'REWARD_CONSTRAINT_SOFT', alpha: 0, beta: 0, targetLatencyMs: target });
const reward = (d: readonly number[]) => {
  const r = objective.evaluate(d);
  return mnasReward(r.accuracy, r.latencyMs, rewardParameters);
};
const randomBest = Math.max(...reference.map((r) => mnasReward(r.accuracy, r.latencyMs, rewardParameters)));

async function runOnce(name: string, seed: number): Promise<number[]> {
  const strategy = await createStrategy(name, space, settings[name] ?? {}, seed);
  const bestAt: number[] = [];
  let best = -Infinity;
  let done = 0;
  while (done < trials) {
    const proposals = await strategy.ask(Math.min(batch, trials - done));
    const observations = proposals.map((p, i) => {
      const r = reward(p.decisions);
      done += 1;
      best = Math.max(best, r);
      if (checkpoints.includes(done)) bestAt.push(best);
      return { ...p, reward: r, trialId: `s${seed}-t${done}-${i}` };
    });
    await strategy.tell(observations);
  }
  strategy.dispose();
  return bestAt;
}

const meanStd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const s = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return `${m.toFixed(4)} ± ${s.toFixed(4)}`;
};

// The controller's engine default (wasm here; FACENAS_BACKEND=cpu to compare).
const engine = await initEngine();
console.log(`backend ${engine.backend} (${engine.threads} thread(s)); objective seed ${values['objective-seed']}; T = ${target.toFixed(2)} ms (median of 20000 random); best of those 20000: ${randomBest.toFixed(4)}`);
console.log(`settings: ${JSON.stringify(settings)}`);
console.log(`| strategy | ${checkpoints.map((c) => `best @${c}`).join(' | ')} | seconds |`);
console.log(`|---|${checkpoints.map(() => '---').join('|')}|---|`);
for (const name of strategies) {
  const t0 = performance.now();
  const runs: number[][] = [];
  for (let seed = 1; seed <= seeds; seed++) runs.push(await runOnce(name, seed));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`| ${name} | ${checkpoints.map((_, i) => meanStd(runs.map((r) => r[i]))).join(' | ')} | ${seconds.toFixed(0)} |`);
}
// The threaded wasm backend's workers keep the event loop alive after the work is done.
process.exit(0);
