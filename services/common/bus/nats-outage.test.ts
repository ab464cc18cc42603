import { afterAll, describe, expect, it } from 'vitest';
import { NatsServerProcess } from '../../../test/support/nats-server.js';
import { createLogger } from '../logging/logger.js';
import { connectNatsBus } from './nats-bus.js';

// KV and object-store requests made while NATS restarts (same store) complete once it is
// back, instead of failing after their request timeout.

const servers: NatsServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.dispose();
});

describe('NATS bus through a server restart', () => {
  it('KV and object-store requests sent during the outage complete after it', async () => {
    const server = await NatsServerProcess.start();
    servers.push(server);
    const bus = await connectNatsBus({ url: server.url, name: 'outage-test', logger: createLogger('test', 'silent'), requestTimeoutMs: 20_000 });
    try {
      const kv = await bus.kv('outage_kv');
      const objects = await bus.objects('outage_objects');
      await kv.put('before', new TextEncoder().encode('1'));
      await server.kill();
      const started = Date.now();
      const put = kv.put('during', new TextEncoder().encode('2'));
      const upload = objects.put('model/weights.bin', new Uint8Array(300_000).fill(7));
      await new Promise((r) => setTimeout(r, 1_500));
      await server.restart();
      await Promise.all([put, upload]);
      // Answered after the reconnect, well before the 20 s request timeout would have run out.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(new TextDecoder().decode((await kv.get('before'))!.value)).toBe('1');
      expect(new TextDecoder().decode((await kv.get('during'))!.value)).toBe('2');
      expect((await objects.get('model/weights.bin'))?.length).toBe(300_000);
      expect(await kv.keys()).toEqual(['before', 'during']);
    } finally {
      await bus.close();
    }
  }, 60_000);
});
