/**
 * The trainer worker's overhead over the bare engine: the same network, batch and
 * image size trained (a) as a bare loop of engine steps on a fixed tensor and (b) as a
 * real trial through the worker — job from the in-memory bus, batches from the dataset
 * (cached), uint8 → float conversion, progress reports, heartbeats, its own thread.
 * Both run on one worker thread each, alternately, `rounds` times; medians reported.
 *   npm run bench:trainer [-- --size 32 --steps 60 --rounds 3 --arch tiny|mobilefacenet]
 */
import { encodeJson } from '../../services/common/bus/bus.js';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import { eventsStreamSpec, trainersConsumerSpec, trialMsgId, trialsStreamSpec, trialSubject, EVENTS_STREAM } from '../../services/common/bus/subjects.js';
import type { TrialReport__Output } from '../../services/common/generated/facenas/v1/TrialReport.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { startTsWorker } from '../../services/common/runtime/ts-worker.js';
import { DECISION_COUNT, decode, encode, MOBILEFACENET, toArchitectureMessage } from '../../services/common/search-space/index.js';
import { ThreadedTrials } from '../../services/trainer/threaded-trials.js';
import { TrainerWorker } from '../../services/trainer/trainer-worker.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const size = Number(arg('size', '32'));
const steps = Number(arg('steps', '60'));
const rounds = Number(arg('rounds', '3'));
const arch = arg('arch', 'tiny');
const batch = 32;
const decisions = arch === 'mobilefacenet' ? encode(MOBILEFACENET) : new Array(DECISION_COUNT).fill(0);
// 50 identities x 17 training images: 26 batches of 32 an epoch, so `steps` spans epochs.
const dataset = `synthetic:identities=50,images=20,size=${size},eval_identities=20,eval_images=4`;

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** (a): median step time of the bare engine loop, on a thread like the trainer's. */
function bareEngine(): Promise<number> {
  const worker = startTsWorker(new URL('./bare-engine-thread.ts', import.meta.url), { workerData: { decisions, size, batch, steps, warmup: 5 } });
  return new Promise((resolve, reject) => {
    worker.once('message', (imgPerSecond: number) => {
      void worker.terminate();
      resolve(imgPerSecond);
    });
    worker.once('error', reject);
  });
}

/** (b): a trial through the worker; the thread is warmed (engine up, images cached) by a first trial. */
async function throughWorker(): Promise<number> {
  const bus = createMemoryBus();
  await bus.ensureStream(trialsStreamSpec());
  await bus.ensureStream(eventsStreamSpec());
  const trials = new ThreadedTrials({ backend: 'wasm' }, bus);
  const worker = new TrainerWorker({ bus, consumer: trainersConsumerSpec(null, 60_000), name: 'bench', runTrial: trials.run, logger: createLogger('bench', 'silent'), pollMs: 50 });
  await worker.start();
  const reader = await bus.consumer({ stream: EVENTS_STREAM, durable: 'bench', ackWaitMs: 60_000, maxDeliver: 1 });
  const run = async (trialId: string) => {
    const job = {
      searchId: 'bench',
      trialId,
      architecture: toArchitectureMessage(decode(decisions), size),
      dataset,
      budget: { epochs: 1, steps, imageSize: size, identities: 0, batchSize: batch, learningRate: 0.05, warmupEpochs: 0, loss: 'LOSS_SOFTMAX', flip: true },
      objective: 'OBJECTIVE_VERIFICATION',
      seed: 1,
      artifactUri: '',
      evalEachEpoch: false,
    };
    await bus.publish(trialSubject('bench'), encodeJson(job), { msgId: trialMsgId('bench', trialId) });
    for (;;) {
      const m = await reader.next(1_000);
      if (!m) continue;
      const report = m.json<TrialReport__Output>();
      await m.ack();
      if (report.trialId === trialId && report.state === 'TRIAL_STATE_SUCCEEDED') return report;
    }
  };
  await run('warm');
  const report = await run('timed');
  await worker.stop();
  await trials.close();
  await bus.close();
  return report.metrics?.imagesPerSecond ?? NaN;
}

const bare: number[] = [];
const wrapped: number[] = [];
for (let r = 0; r < rounds; r++) {
  bare.push(await bareEngine());
  wrapped.push(await throughWorker());
  console.error(`round ${r + 1}: engine ${bare.at(-1)!.toFixed(1)} img/s, worker ${wrapped.at(-1)!.toFixed(1)} img/s`);
}
const engine = median(bare);
const trainer = median(wrapped);
console.log(JSON.stringify({ case: `${arch}-${size} b${batch}`, steps, rounds, engine_img_s: engine, trainer_img_s: trainer, overhead: 1 - trainer / engine }));
process.exit(0);
