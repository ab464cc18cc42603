import { afterEach, describe, expect, it } from 'vitest';
import { describeDataset, embeddedEndpoint, fetchEvalSet, type DatasetEndpoint } from '../../services/dataset/batch-source.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { freePort } from '../support/nats-server.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// The trainer's dataset client across a dataset-service restart (the fault suite's
// "dataset down 10 s", at unit scale): a call made while nothing listens waits for the
// service to come back instead of failing at once — failing at once spent one of the
// trial job's three deliveries per attempt, so an outage of 10-15 s could fail trials
// for good — and it still fails UNAVAILABLE, naming the address, when the service stays away.

const URI = 'synthetic:identities=4,images=2,size=32,eval_identities=4,eval_images=2';
let served: ServedService | null = null;

afterEach(async () => {
  await served?.stop();
  served = null;
});

describe('remote dataset endpoint while the dataset service restarts', () => {
  it('waits for a service that starts listening after the call was made', async () => {
    const port = await freePort();
    const endpoint: DatasetEndpoint = { mode: 'remote', address: `127.0.0.1:${port}`, connectWaitMs: 20_000 };
    const calledAt = Date.now();
    const described = describeDataset(endpoint, URI);
    const evalSet = fetchEvalSet(endpoint, { uri: URI, imageSize: 32, maxPairs: 0, identities: 0 });
    // Nothing listens for the first 1.5 s, as while a dataset pod is replaced.
    await new Promise((r) => setTimeout(r, 1_500));
    served = await serveFromFlags(datasetServeEntry, ['--render-threads', '0', '--grpc-port', String(port)]);
    await served.hosted.ready;
    const local = embeddedEndpoint({ renderThreads: 0 });
    try {
      // The same answers as with the service up from the start (embedded gives the same by contract).
      expect(await described).toEqual(await describeDataset(local, URI));
      expect((await evalSet).pairs).toEqual((await fetchEvalSet(local, { uri: URI, imageSize: 32, maxPairs: 0, identities: 0 })).pairs);
    } finally {
      await local.catalog.close();
    }
    expect(Date.now() - calledAt).toBeGreaterThanOrEqual(1_500);
  }, 30_000);

  it('fails UNAVAILABLE once the wait is over when no service comes back', async () => {
    const port = await freePort();
    const endpoint: DatasetEndpoint = { mode: 'remote', address: `127.0.0.1:${port}`, connectWaitMs: 500 };
    await expect(describeDataset(endpoint, URI)).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      message: expect.stringContaining(`dataset service at 127.0.0.1:${port} not reachable within 500 ms`),
    });
  });
});
