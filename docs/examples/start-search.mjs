// A foreign gRPC client of facenas: starts a search on a controller and follows it.
// Only @grpc/grpc-js, @grpc/proto-loader and the .proto files of protos/facenas/v1.
//   node docs/examples/start-search.mjs HOST:PORT DEVICE TARGET_MS
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const [address = '127.0.0.1:50051', device = 'local', targetMs = '30'] = process.argv.slice(2);
const protos = fileURLToPath(new URL('../../protos', import.meta.url));
const definition = protoLoader.loadSync('facenas/v1/search.proto', { includeDirs: [protos], longs: Number, enums: String, defaults: true });
const { facenas } = grpc.loadPackageDefinition(definition);
const client = new facenas.v1.SearchService(address, grpc.credentials.createInsecure());
const deadline = (seconds) => ({ deadline: new Date(Date.now() + seconds * 1000) });

const spec = {
  dataset: 'synthetic:identities=8,images=8,size=32,eval_identities=10,eval_images=4',
  budget: { epochs: 1, imageSize: 32, batchSize: 8 },
  algorithm: { name: 'evolution', settings: [{ name: 'population_size', value: '4' }, { name: 'sample_size', value: '2' }] },
  reward: { constraint: 'REWARD_CONSTRAINT_SOFT', device, targetLatencyMs: Number(targetMs), imageSize: 32 },
  maxTrials: 2,
  parallelTrials: 2,
};
const started = await new Promise((resolve, reject) =>
  client.StartSearch({ spec }, deadline(30), (err, response) => (err ? reject(err) : resolve(response))),
);
console.log(`started ${started.searchId}`);

const watch = client.WatchSearch({ searchId: started.searchId, noProgress: true }, deadline(600));
for await (const { event } of watch) {
  if (event.kind === 'SEARCH_EVENT_KIND_TRIAL_COMPLETED') console.log(`${event.trial.id}: reward ${event.trial.reward.toFixed(4)}`);
  if (event.kind === 'SEARCH_EVENT_KIND_SEARCH_COMPLETED') {
    console.log(`done: ${event.search.state}, best ${event.search.bestTrialId}`);
    break;
  }
}
watch.cancel();
client.close();
