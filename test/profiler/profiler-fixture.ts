import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '../../services/common/bus/memory-bus.js';
import type { ProfilerServiceClient } from '../../services/common/generated/facenas/v1/ProfilerService.js';
import { createClient } from '../../services/common/grpc/client.js';
import { facenasGrpc } from '../../services/common/grpc/proto-package.js';
import { startGrpcServer, type GrpcServerHandle } from '../../services/common/grpc/server.js';
import { createLogger } from '../../services/common/logging/logger.js';
import { createServiceRegistry, type Registry } from '../../services/common/metrics/registry.js';
import { decode, toArchitectureMessage } from '../../services/common/search-space/index.js';
import type { Architecture } from '../../services/common/generated/facenas/v1/Architecture.js';
import { AgentTokens } from '../../services/profiler/agent-tokens.js';
import { createProfilerParts, type ProfilerParts } from '../../services/profiler/profiler-parts.js';
import { LATENCY_BUCKET } from '../../services/profiler/serve-profiler.js';
import { searchSpaceCatalog } from '../../services/profiler/search-space-catalog.js';
import { DECISION_COUNT } from '../../services/common/search-space/index.js';

export const FLEET_TOKEN = 'fleet-token-integration-0001';

export interface ProfilerFixture {
  address: string;
  client: ProfilerServiceClient;
  parts: ProfilerParts;
  registry: Registry;
  server: GrpcServerHandle;
  /** A file holding the fleet token, and one holding a wrong token. */
  tokenFile: string;
  wrongTokenFile: string;
  stop(): Promise<void>;
}

/** A real profiler (search-space catalog, in-memory bus KV, agent tokens) on a loopback port. */
export async function startProfilerFixture(options: { orphanDeadlineMs?: number } = {}): Promise<ProfilerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'facenas-profiler-test-'));
  const tokenFile = join(dir, 'token');
  const wrongTokenFile = join(dir, 'wrong-token');
  writeFileSync(tokenFile, `${FLEET_TOKEN}\n`);
  writeFileSync(wrongTokenFile, 'not-the-fleet-token-at-all\n');
  const logger = createLogger('profiler', 'silent');
  const registry = createServiceRegistry('profiler', { defaultMetrics: false });
  const bus = createMemoryBus({ dataDir: join(dir, 'bus') });
  const parts = createProfilerParts({
    kv: await bus.kv(LATENCY_BUCKET),
    catalog: searchSpaceCatalog(),
    tokens: AgentTokens.parse(`${FLEET_TOKEN} *\n`),
    logger,
    registry,
    heartbeatIntervalMs: 500,
    heartbeatTimeoutMs: 5_000,
    orphanDeadlineMs: options.orphanDeadlineMs ?? 120_000,
  });
  const server = await startGrpcServer({ services: parts.bindings, port: 0, host: '127.0.0.1', logger, registry });
  const address = `127.0.0.1:${server.port}`;
  const client = createClient<ProfilerServiceClient>(facenasGrpc().ProfilerService, address);
  return {
    address,
    client,
    parts,
    registry,
    server,
    tokenFile,
    wrongTokenFile,
    async stop() {
      client.close();
      await parts.stop?.();
      await server.shutdown(500);
      await bus.close();
    },
  };
}

/** The smallest corner of the space (every decision 0: ir, k3, t1, 1 layer, width 0.5, relu, gdc 128). */
export function tinyArchitecture(imageSize: number, change: Partial<Record<number, number>> = {}): Architecture {
  const decisions = new Array<number>(DECISION_COUNT).fill(0);
  for (const [i, v] of Object.entries(change)) decisions[Number(i)] = v as number;
  return toArchitectureMessage(decode(decisions), imageSize);
}
