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
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { trainerServeEntry } from '../../services/trainer/serve-trainer.js';
import { settle } from '../support/bad-input.js';
import { makeTestCertificates, type TestCertificates } from '../support/certs.js';
import { makeForeignClientCertificate } from '../support/foreign-client-cert.js';
import { NatsServerProcess } from '../support/nats-server.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';

// Mutual TLS with --tls-client-ca: a client must present a certificate signed by that CA.
// One with none, or with a certificate from another CA, gets nothing — not even health —
// while a CA-signed client certificate works for the services and for health checks. The
// trainer serves health only. (The controller's own calls to a mutual-TLS profiler:
// test/security/controller-profiler-tls.test.ts.)

let certs: TestCertificates;
let foreign: { certFile: string; keyFile: string };
let dir: string;
let nats: NatsServerProcess;
const served: Record<string, ServedService> = {};

beforeAll(async () => {
  certs = makeTestCertificates();
  foreign = makeForeignClientCertificate(certs);
  dir = mkdtempSync(join(tmpdir(), 'facenas-mtls-'));
  writeFileSync(join(dir, 'agent-tokens'), 'mtls-agent-token-000000001 *\n');
  const mtls = ['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--tls-client-ca', certs.caCert];
  served.dataset = await serveFromFlags(datasetServeEntry, [...mtls, '--render-threads', '0']);
  served.profiler = await serveFromFlags(profilerServeEntry, [...mtls, '--data-dir', join(dir, 'data'), '--agent-tokens', join(dir, 'agent-tokens')]);
  served.controller = await serveFromFlags(controllerServeEntry, [...mtls, '--profiler', served.profiler.address]);
  nats = await NatsServerProcess.start();
  served.trainer = await serveFromFlags(trainerServeEntry, [...mtls, '--nats', nats.url]);
  await Promise.all(Object.values(served).map((s) => s.hosted.ready));
}, 60_000);

afterAll(async () => {
  for (const s of Object.values(served)) await s.stop();
  await nats?.dispose();
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

const requests: Record<string, { service: string; call: (address: string, tls: ClientTlsOptions) => Promise<unknown> }> = {
  dataset: {
    service: 'facenas.v1.DatasetService',
    async call(address, tls) {
      const client = createClient<DatasetServiceClient>(facenasGrpc().DatasetService, address, { tls });
      try {
        return await unary(client, client.listDatasets, {}, { deadlineMs: 5_000 });
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
  // Health only: the whole-server status stands for it.
  trainer: { service: '', call: (address, tls) => checkHealth(address, '', { tls, deadlineMs: 5_000 }) },
};

describe.each(['dataset', 'profiler', 'controller', 'trainer'])('%s with mutual TLS', (name) => {
  it('serves a client with a CA-signed client certificate, health included', async () => {
    const tls = { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey };
    expect((await settle(requests[name].call(served[name].address, tls))).code).toBe(grpc.status.OK);
    expect(await checkHealth(served[name].address, requests[name].service, { tls, deadlineMs: 5_000 })).toBe('SERVING');
  });

  it.each([
    ['no client certificate', () => ({ caFile: certs.caCert })],
    ['a client certificate from another CA', () => ({ caFile: certs.caCert, ...foreign })],
  ] as const)('refuses a client with %s, health included', async (_label, tls) => {
    const started = Date.now();
    const outcome = await settle(requests[name].call(served[name].address, tls()));
    expect(outcome.code, outcome.details).toBe(grpc.status.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await settle(checkHealth(served[name].address, '', { tls: tls(), deadlineMs: 5_000 }))).code).toBe(grpc.status.UNAVAILABLE);
  });
});
