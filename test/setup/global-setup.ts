import { natsAnswers, NatsServerProcess, NATS_MISSING_MESSAGE, natsServerBinary } from '../support/nats-server.js';

// Tests that need NATS read NATS_URL. When nothing answers there, start a private
// nats-server -js for the run; when that is impossible, fail loudly: never skip.
let started: NatsServerProcess | null = null;

export async function setup(): Promise<void> {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  if (await natsAnswers(url)) {
    process.env.NATS_URL = url;
    return;
  }
  if (!natsServerBinary()) throw new Error(NATS_MISSING_MESSAGE);
  started = await NatsServerProcess.start();
  process.env.NATS_URL = started.url;
  console.log(`[facenas tests] no NATS at ${url}; started nats-server -js at ${started.url}`);
}

export async function teardown(): Promise<void> {
  await started?.dispose();
}
