import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetServiceClient } from '../../services/common/generated/facenas/v1/DatasetService.js';
import type { ProfilerServiceClient } from '../../services/common/generated/facenas/v1/ProfilerService.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { checkHealth } from '../../services/common/grpc/health-client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import type { ClientTlsOptions } from '../../services/common/grpc/tls.js';
import { controllerServeEntry } from '../../services/controller/serve-controller.js';
import { datasetServeEntry } from '../../services/dataset/serve-dataset.js';
import { agentServeEntry } from '../../services/profiler/agent/serve-agent.js';
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { trainerServeEntry } from '../../services/trainer/serve-trainer.js';
import { settle } from '../support/bad-input.js';
import { makeTestCertificates, type TestCertificates } from '../support/certs.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// gRPC over TLS for every service, configured with the flags `facenas serve` takes
// (--tls-cert/--tls-key): a client that trusts the CA gets answers (health included), one
// without TLS, trusting another CA, or only the system roots cannot connect. The agent
// serves only health, and itself dials the TLS profiler with --tls-ca. The trainer serves
// only health too (its work comes over NATS). The controller dials the profiler with
// --tls-ca as well (test/security/controller-profiler-tls.test.ts measures through it).

const TOKEN = 'tls-agent-token-000000001';
let certs: TestCertificates;
let dir: string;
let nats: NatsServerProcess;
const served: Record<string, ServedService> = {};

beforeAll(async () => {
  certs = makeTestCertificates();
  dir = mkdtempSync(join(tmpdir(), 'facenas-tls-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(join(dir, 'agent-tokens'), `${TOKEN} *\n`);
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const tls = ['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey];
  served.dataset = await serveFromFlags(datasetServeEntry, [...tls, '--render-threads', '0']);
  served.profiler = await serveFromFlags(profilerServeEntry, [...tls, '--data-dir', join(dir, 'data'), '--agent-tokens', join(dir, 'agent-tokens')]);
  served.agent = await serveFromFlags(agentServeEntry, [...tls, '--profiler', served.profiler.address, '--device', 'edge-tls', '--token-file', tokenFile, '--tls-ca', certs.caCert]);
  served.controller = await serveFromFlags(controllerServeEntry, [...tls, '--profiler', served.profiler.address, '--tls-ca', certs.caCert]);
  // A plain NATS server: the trainer's --tls-ca would also ask NATS for TLS, so it has none.
  nats = await NatsServerProcess.start();
  served.trainer = await serveFromFlags(trainerServeEntry, [...tls, '--nats', nats.url]);
  await Promise.all(Object.values(served).map((s) => s.hosted.ready));
}, 60_000);

afterAll(async () => {
  for (const name of ['trainer', 'controller', 'agent', 'profiler', 'dataset']) await served[name]?.stop();
  await nats?.dispose();
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

/** One real request per service, made with the given client TLS (undefined: plaintext). */
const requests: Record<string, { service: string; call: (address: string, tls: ClientTlsOptions | undefined) => Promise<unknown> }> = {
  dataset: {
    service: 'facenas.v1.DatasetService',
    async call(address, tls) {
      const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, address, { tls });
      try {
        return await unary(client, client.describeDataset, { uri: 'synthetic:identities=2,images=2,size=32,eval_identities=0' }, { deadlineMs: 5_000 });
      } finally {
        client.close();
      }
    },
  },
  profiler: {
    service: 'facenas.v1.ProfilerService',
    async call(address, tls) {
      const client = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, address, { tls });
      try {
        return await unary(client, client.listDevices, {}, { deadlineMs: 5_000 });
      } finally {
        client.close();
      }
    },
  },
  controller: {
    service: 'facenas.v1.SearchService',
    async call(address, tls) {
      const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, address, { tls });
      try {
        return await unary(client, client.listSearches, {}, { deadlineMs: 5_000 });
      } finally {
        client.close();
      }
    },
  },
  // The agent and the trainer serve only grpc.health.v1: the whole-server status stands for them.
  agent: { service: '', call: (address, tls) => checkHealth(address, '', { tls, deadlineMs: 5_000 }) },
  trainer: { service: '', call: (address, tls) => checkHealth(address, '', { tls, deadlineMs: 5_000 }) },
};

const refusedClients: [string, () => ClientTlsOptions | undefined][] = [
  ['without TLS', () => undefined],
  ['trusting another CA', () => ({ caFile: certs.otherCaCert })],
  ['trusting only the system roots', () => ({})],
];

describe.each(['dataset', 'profiler', 'controller', 'agent', 'trainer'])('%s over TLS', (name) => {
  it('answers a client that trusts the CA, health included', async () => {
    const { address } = served[name];
    const tls = { caFile: certs.caCert };
    expect((await settle(requests[name].call(address, tls))).code).toBe(grpc.status.OK);
    expect(await checkHealth(address, requests[name].service, { tls, deadlineMs: 5_000 })).toBe('SERVING');
    expect(await checkHealth(address, '', { tls, deadlineMs: 5_000 })).toBe('SERVING');
  });

  it.each(refusedClients)('refuses a client %s (UNAVAILABLE, no answer)', async (_label, tls) => {
    const started = Date.now();
    const outcome = await settle(requests[name].call(served[name].address, tls()));
    expect(outcome.code, outcome.details).toBe(grpc.status.UNAVAILABLE);
    // A refused handshake, not a wait for the deadline.
    expect(Date.now() - started).toBeLessThan(4_000);
    const health = await settle(checkHealth(served[name].address, '', { tls: tls(), deadlineMs: 5_000 }));
    expect(health.code).toBe(grpc.status.UNAVAILABLE);
  });
});

describe('agent to profiler over TLS', () => {
  it('the agent verified the profiler with --tls-ca and was welcomed', async () => {
    const listed = await requests.profiler.call(served.profiler.address, { caFile: certs.caCert });
    expect(listed).toMatchObject({ devices: [{ name: 'edge-tls', agents: [{ name: 'edge-tls' }] }] });
  });
});
