import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outgoingTls } from '../../services/common/config/outgoing-tls.js';
import { parseOptions } from '../../services/common/config/options.js';
import { commonServiceOptions } from '../../services/common/config/service-options.js';
import { FacenasError } from '../../services/common/errors/errors.js';
import type { SearchServiceClient } from '../../services/common/generated/facenas/v1/SearchService.js';
import type { Trial__Output } from '../../services/common/generated/facenas/v1/Trial.js';
import { createClient, unary } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { profilerLatencyOracle } from '../../services/controller/latency/latency-oracle.js';
import { CONTROLLER_OPTIONS, controllerServeEntry } from '../../services/controller/serve-controller.js';
import { LatencyAgent } from '../../services/profiler/agent/latency-agent.js';
import { profilerServeEntry } from '../../services/profiler/serve-profiler.js';
import { makeTestCertificates, type TestCertificates } from '../support/certs.js';
import { testSpec, until } from '../support/controller-harness.js';
import { makeForeignClientCertificate } from '../support/foreign-client-cert.js';
import { ConstantRunner, smallestArchitecture } from '../support/profiler-under-test.js';
import { serveFromFlags, type ServedService } from '../support/served-service.js';
import { makeServiceCertificate } from '../support/service-cert.js';

// The controller's one outgoing gRPC call, MeasureLatency to the profiler, over mutual
// TLS: with --tls-ca it verifies the profiler and presents its own --tls-cert/--tls-key
// (services/common/config/outgoing-tls.ts), so a profiler run with --tls-client-ca
// measures for it. Without the CA, with another CA, or without a certificate of its own,
// the profiler is unreachable and no latency comes back.

const TOKEN = 'mtls-oracle-agent-token-00001';
const DEVICE = 'edge-mtls';
const IMAGE_SIZE = 32;
const logger = createLogger('controller', 'silent');
let certs: TestCertificates;
/** Server and client use in one certificate: what a service that both serves and calls holds. */
let service: { certFile: string; keyFile: string };
let foreign: { certFile: string; keyFile: string };
let dir: string;
let profiler: ServedService;
let agent: LatencyAgent;
const runner = new ConstantRunner();

beforeAll(async () => {
  certs = makeTestCertificates();
  service = makeServiceCertificate(certs);
  foreign = makeForeignClientCertificate(certs);
  dir = mkdtempSync(join(tmpdir(), 'facenas-controller-mtls-'));
  writeFileSync(join(dir, 'agent-tokens'), `${TOKEN} *\n`);
  profiler = await serveFromFlags(profilerServeEntry, [
    ...['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--tls-client-ca', certs.caCert],
    ...['--data-dir', join(dir, 'profiler'), '--agent-tokens', join(dir, 'agent-tokens'), '--image-size', String(IMAGE_SIZE)],
  ]);
  await profiler.hosted.ready;
  agent = new LatencyAgent({
    profiler: profiler.address,
    deviceName: DEVICE,
    token: TOKEN,
    tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey },
    runner,
    logger: createLogger('agent', 'silent'),
    backoff: { initialMs: 50, maxMs: 200, multiplier: 2 },
  });
  agent.start();
  await agent.welcomed();
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await profiler?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

/** The oracle `facenas serve controller` builds from these flags, trying once (no 30 s of retries). */
function oracleFromFlags(flags: string[]) {
  const { values } = parseOptions({ ...commonServiceOptions('controller'), ...CONTROLLER_OPTIONS }, ['--profiler', profiler.address, ...flags], {});
  return profilerLatencyOracle({ address: profiler.address, client: { tls: outgoingTls(values) }, logger, deadlineMs: 5_000, attempts: 1 });
}

const reward = { ...testSpec().reward!, device: DEVICE, imageSize: IMAGE_SIZE };

describe('controller to a mutual-TLS profiler', () => {
  it('a controller served with TLS measures its trials through the profiler', async () => {
    const controller = await serveFromFlags(controllerServeEntry, [
      ...['--tls-cert', service.certFile, '--tls-key', service.keyFile, '--tls-client-ca', certs.caCert, '--tls-ca', certs.caCert],
      ...['--profiler', profiler.address, '--data-dir', join(dir, 'controller')],
    ]);
    const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, controller.address, {
      tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey },
    });
    try {
      await controller.hosted.ready;
      const before = runner.tasks;
      const { searchId } = await unary(client, client.startSearch, { spec: testSpec({ maxTrials: 2, parallelTrials: 2, reward }) });
      // No trainer is attached: the trials wait, but their latency is measured at creation.
      let trials: Trial__Output[] = [];
      await until(async () => {
        trials = (await unary(client, client.listTrials, { searchId })).trials;
        return trials.length === 2 && trials.every((t) => t.latency);
      }, 'both trials measured');
      for (const t of trials) expect(t.latency).toMatchObject({ medianMs: 4.2, source: 'LATENCY_SOURCE_MEASURED', device: DEVICE });
      // Measured by the agent, not predicted or made up along the way.
      expect(runner.tasks).toBeGreaterThanOrEqual(before + 1);
      await unary(client, client.stopSearch, { searchId });
    } finally {
      client.close();
      await controller.stop();
    }
  });

  it('the oracle built from --tls-ca and the own certificate measures', async () => {
    const oracle = oracleFromFlags(['--tls-cert', service.certFile, '--tls-key', service.keyFile, '--tls-ca', certs.caCert]);
    try {
      const latency = await oracle.latency(smallestArchitecture(), reward);
      expect(latency).toMatchObject({ medianMs: 4.2, source: 'LATENCY_SOURCE_MEASURED' });
    } finally {
      oracle.close();
    }
  });

  it.each([
    ['without --tls-ca (plaintext towards a TLS server)', () => ['--tls-cert', service.certFile, '--tls-key', service.keyFile]],
    ['trusting another CA', () => ['--tls-cert', service.certFile, '--tls-key', service.keyFile, '--tls-ca', certs.otherCaCert]],
    ['without a certificate of its own', () => ['--tls-ca', certs.caCert]],
    ['with a certificate from another CA', () => ['--tls-cert', foreign.certFile, '--tls-key', foreign.keyFile, '--tls-ca', certs.caCert]],
  ])('cannot measure %s: UNAVAILABLE, and the agent is never asked', async (_label, flags) => {
    const oracle = oracleFromFlags(flags());
    const before = runner.tasks;
    const started = Date.now();
    try {
      const err = await oracle.latency(smallestArchitecture(), reward).then(
        () => new Error('measured without a trusted connection'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FacenasError);
      expect((err as FacenasError).kind).toBe('UNAVAILABLE');
      expect((err as FacenasError).message).toMatch(/^profiler at localhost:\d+ unavailable for MeasureLatency/);
      // A refused handshake, not a wait for the deadline, and no back-off (2 s) after the last attempt.
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(runner.tasks).toBe(before);
    } finally {
      oracle.close();
    }
  });
});

describe('the certificate a controller presents', () => {
  it('a certificate for server use only is refused as a client certificate', async () => {
    // The controller presents its serving certificate: issue it for client use too
    // (extendedKeyUsage serverAuth, clientAuth), or a mutual-TLS profiler refuses it.
    const oracle = oracleFromFlags(['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--tls-ca', certs.caCert]);
    try {
      const err = await oracle.latency(smallestArchitecture(), reward).then(
        () => null,
        (e: unknown) => e as FacenasError,
      );
      expect(err?.kind).toBe('UNAVAILABLE');
    } finally {
      oracle.close();
    }
  });
});
