import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeJson, KvConflictError, type Bus, type BusMessage, type ConsumerSpec, type PullConsumer, type StreamSpec } from './bus.js';

// One behavioural contract for every Bus implementation (in-memory and NATS
// JetStream). Each test uses its own randomly named stream, subjects and buckets,
// because the NATS suite shares one server with other tests running at the same
// time; `cleanup` removes them afterwards. ack_wait is short (1 s) so the suite runs
// in well under a minute, and timing assertions leave room for a busy machine.

export interface BusContractResources {
  streams: string[];
  kvBuckets: string[];
  objectBuckets: string[];
}

export interface BusContractOptions {
  /** Shown in the suite's name. */
  name: string;
  create(): Promise<Bus>;
  /** Deletes what a test created (needed on a shared server; the in-memory bus forgets on close). */
  cleanup?(resources: BusContractResources): Promise<void>;
  /** Run the tests at the same time (each has its own names and buses). */
  concurrent?: boolean;
}

const ACK_WAIT_MS = 1000;

function suffix(): string {
  return randomBytes(6).toString('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

async function take(consumer: PullConsumer, expiresMs = 3000): Promise<BusMessage> {
  const message = await consumer.next(expiresMs);
  if (!message) throw new Error(`no message within ${expiresMs} ms`);
  return message;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

/** What one test owns: its buses (closed afterwards) and the names it created (cleaned up afterwards). */
class Scenario {
  private readonly buses: Bus[] = [];
  readonly resources: BusContractResources = { streams: [], kvBuckets: [], objectBuckets: [] };

  constructor(private readonly options: BusContractOptions) {}

  async bus(): Promise<Bus> {
    const bus = await this.options.create();
    this.buses.push(bus);
    return bus;
  }

  /** A bus plus a fresh stream `CT_<sfx>` on subjects `ct.<sfx>.>`. */
  async fixture(retention: StreamSpec['retention'] = 'workqueue') {
    const bus = await this.bus();
    const id = suffix();
    const stream = `CT_${id}`;
    const prefix = `ct.${id}`;
    this.resources.streams.push(stream);
    await bus.ensureStream({ name: stream, subjects: [`${prefix}.>`], retention, duplicateWindowMs: 60_000 });
    const consumerSpec = (over: Partial<ConsumerSpec> = {}): ConsumerSpec => ({ stream, durable: 'workers', ackWaitMs: ACK_WAIT_MS, maxDeliver: 5, ...over });
    return { bus, stream, prefix, consumerSpec };
  }

  bucket(kind: 'kvBuckets' | 'objectBuckets'): string {
    const name = `ct_${suffix()}`;
    this.resources[kind].push(name);
    return name;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.buses.map((b) => b.close()));
    await this.options.cleanup?.(this.resources);
  }
}

export function busContract(options: BusContractOptions): void {
  const suite = options.concurrent ? describe.concurrent : describe;
  suite(`Bus contract: ${options.name}`, () => {
    const scenario = (name: string, body: (s: Scenario) => Promise<void>) =>
      it(name, async ({ onTestFinished }) => {
        const s = new Scenario(options);
        onTestFinished(() => s.dispose());
        await body(s);
      });

    scenario('stores, delivers and acks a job exactly once', async (s) => {
      const { bus, stream, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec());
      const ack = await bus.publish(`${prefix}.s1`, encodeJson({ trial: 7 }), { msgId: 's1.t7' });
      expect(ack).toEqual({ stream, seq: ack.seq, duplicate: false });
      const message = await take(worker);
      expect(message.subject).toBe(`${prefix}.s1`);
      expect(message.json<{ trial: number }>()).toEqual({ trial: 7 });
      expect(message.msgId).toBe('s1.t7');
      expect(message.seq).toBe(ack.seq);
      expect(message.deliveryCount).toBe(1);
      await message.ack();
      // Longer than ack_wait: an acked job never comes back.
      expect(await worker.next(ACK_WAIT_MS + 300)).toBeNull();
      expect(await worker.pending()).toEqual({ pending: 0, ackPending: 0 });
    });

    scenario('ensureStream is idempotent and publish needs a stream owning the subject', async (s) => {
      const { bus, stream, prefix } = await s.fixture();
      await bus.ensureStream({ name: stream, subjects: [`${prefix}.>`], retention: 'workqueue', duplicateWindowMs: 60_000 });
      await expect(bus.publish(`nostream.${suffix()}`, text('x'))).rejects.toMatchObject({ kind: 'NOT_FOUND' });
      await expect(bus.consumer({ stream: `CT_${suffix()}`, durable: 'w', ackWaitMs: 1000, maxDeliver: 1 })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
      await expect(bus.purge(`CT_${suffix()}`, `${prefix}.>`)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    });

    scenario('invalid or conflicting specs are rejected, naming the field', async (s) => {
      const { bus, stream, prefix, consumerSpec } = await s.fixture();
      await expect(bus.ensureStream({ name: 'bad.name', subjects: ['x.>'], retention: 'limits' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', field: 'name' });
      await expect(bus.ensureStream({ name: `CT_${suffix()}`, subjects: ['x.>.y'], retention: 'limits' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', field: 'subjects.0' });
      await expect(bus.consumer(consumerSpec({ ackWaitMs: 0 }))).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', field: 'ackWaitMs' });
      await expect(bus.publish(`${prefix}.*`, text('x'))).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', field: 'subject' });
      await expect(bus.ensureStream({ name: stream, subjects: [`${prefix}.>`], retention: 'limits' })).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION' });
      // A work queue hands each subject to one consumer only.
      await bus.consumer(consumerSpec({ filterSubject: `${prefix}.a` }));
      await expect(bus.consumer(consumerSpec({ durable: 'others' }))).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION' });
      await expect(bus.consumer(consumerSpec({ filterSubject: `${prefix}.b` }))).rejects.toMatchObject({ kind: 'FAILED_PRECONDITION' });
      await bus.consumer(consumerSpec({ durable: 'b-workers', filterSubject: `${prefix}.b` }));
    });

    scenario('a job kept alive by working() for 3x ack_wait is not redelivered', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const holder = await bus.consumer(consumerSpec());
      const other = await bus.consumer(consumerSpec());
      await bus.publish(`${prefix}.s1`, text('long job'));
      const message = await take(holder);
      const heartbeat = setInterval(() => message.working(), ACK_WAIT_MS / 4);
      try {
        expect(await other.next(3 * ACK_WAIT_MS + 300)).toBeNull();
      } finally {
        clearInterval(heartbeat);
      }
      await message.ack();
      expect(await other.pending()).toEqual({ pending: 0, ackPending: 0 });
    });

    scenario('a job whose worker died is redelivered to another worker after ack_wait', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const dying = await bus.consumer(consumerSpec());
      const survivor = await bus.consumer(consumerSpec());
      await bus.publish(`${prefix}.s1`, text('job'));
      const first = await take(dying);
      const diedAt = Date.now();
      await dying.close(); // no ack, no heartbeat: the worker is gone
      const again = await take(survivor, 4 * ACK_WAIT_MS);
      expect(Date.now() - diedAt).toBeGreaterThanOrEqual(ACK_WAIT_MS - 150);
      expect(again.seq).toBe(first.seq);
      expect(again.deliveryCount).toBe(2);
      expect(str(again.data)).toBe('job');
      await again.ack();
    });

    scenario('a poison job ends in a dead-letter record after maxDeliver and stops blocking', async (s) => {
      const { bus, stream, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec({ maxDeliver: 2 }));
      const published = await bus.publish(`${prefix}.s1`, encodeJson({ poison: true }));
      for (let delivery = 1; delivery <= 2; delivery += 1) {
        const message = await take(worker);
        expect(message.deliveryCount).toBe(delivery);
        message.nak();
      }
      // The worker keeps pulling, as trainers do: the exhausted job is not delivered again.
      expect(await worker.next(ACK_WAIT_MS + 300)).toBeNull();
      const letters = await eventually(() => bus.deadLetters(stream, 'workers'), (l) => l.length > 0, 5000);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ stream, consumer: 'workers', seq: published.seq, subject: `${prefix}.s1`, deliveries: 2 });
      expect(JSON.parse(str(letters[0].data))).toEqual({ poison: true });
      expect(Math.abs(letters[0].timeMs - Date.now())).toBeLessThan(30_000);
      expect(await eventually(() => worker.pending(), (p) => p.ackPending === 0, 3000)).toEqual({ pending: 0, ackPending: 0 });
      // Reading the records again returns the same record once.
      expect(await bus.deadLetters(stream, 'workers')).toHaveLength(1);
      await bus.publish(`${prefix}.s1`, text('healthy'));
      const healthy = await take(worker);
      expect(str(healthy.data)).toBe('healthy');
      await healthy.ack();
    });

    scenario('term() stops delivery without a dead letter', async (s) => {
      const { bus, stream, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec());
      await bus.publish(`${prefix}.s1`, text('bad input'));
      (await take(worker)).term('unreadable');
      expect(await worker.next(ACK_WAIT_MS + 500)).toBeNull();
      expect(await eventually(() => worker.pending(), (p) => p.ackPending === 0, 2000)).toEqual({ pending: 0, ackPending: 0 });
      expect(await bus.deadLetters(stream, 'workers')).toEqual([]);
    });

    scenario('nak(delay) redelivers after about the delay, not before', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec({ ackWaitMs: 10_000 }));
      await bus.publish(`${prefix}.s1`, text('retry me'));
      const first = await take(worker);
      const nakAt = Date.now();
      first.nak(1500);
      const again = await take(worker, 5000);
      const waited = Date.now() - nakAt;
      expect(waited).toBeGreaterThanOrEqual(1400);
      expect(waited).toBeLessThan(4000);
      expect(again.deliveryCount).toBe(2);
      await again.ack();
    });

    scenario('a publish repeating a message id inside the duplicate window is dropped', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec());
      const first = await bus.publish(`${prefix}.s1`, text('a'), { msgId: 's1.t1' });
      const repeat = await bus.publish(`${prefix}.s1`, text('a'), { msgId: 's1.t1' });
      const other = await bus.publish(`${prefix}.s1`, text('b'), { msgId: 's1.t2' });
      expect(first.duplicate).toBe(false);
      expect(repeat).toMatchObject({ duplicate: true, seq: first.seq });
      expect(other.duplicate).toBe(false);
      expect(other.seq).toBeGreaterThan(first.seq);
      const got = [await take(worker), await take(worker)];
      expect(got.map((m) => str(m.data))).toEqual(['a', 'b']);
      await Promise.all(got.map((m) => m.ack()));
      // Still a duplicate after the original was acked and removed from the work queue.
      expect((await bus.publish(`${prefix}.s1`, text('a'), { msgId: 's1.t1' })).duplicate).toBe(true);
      expect(await worker.next(300)).toBeNull();
    });

    scenario('maxAckPending bounds the jobs handed out at once', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const a = await bus.consumer(consumerSpec({ maxAckPending: 1, ackWaitMs: 10_000 }));
      const b = await bus.consumer(consumerSpec({ maxAckPending: 1, ackWaitMs: 10_000 }));
      await bus.publish(`${prefix}.s1`, text('1'));
      await bus.publish(`${prefix}.s1`, text('2'));
      const first = await take(a);
      // A handle opened without maxAckPending (a process that only reads pending()) keeps the setting.
      const observer = await bus.consumer(consumerSpec({ ackWaitMs: 10_000 }));
      expect(await b.next(800)).toBeNull();
      expect(await observer.pending()).toEqual({ pending: 1, ackPending: 1 });
      await first.ack();
      const second = await take(b);
      expect(str(second.data)).toBe('2');
      await second.ack();
    });

    scenario('two workers on one durable consumer never hold the same job at once', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const jobs = 12;
      for (let i = 0; i < jobs; i += 1) await bus.publish(`${prefix}.s${i % 3}`, encodeJson({ i }));
      const held = new Set<number>();
      const seen: number[] = [];
      let overlaps = 0;
      const work = async (worker: PullConsumer) => {
        for (;;) {
          const message = await worker.next(700);
          if (!message) return;
          if (held.has(message.seq)) overlaps += 1;
          held.add(message.seq);
          seen.push(message.seq);
          await sleep(10 + Math.floor(Math.random() * 30));
          held.delete(message.seq);
          await message.ack();
        }
      };
      await Promise.all([work(await bus.consumer(consumerSpec())), work(await bus.consumer(consumerSpec()))]);
      expect(overlaps).toBe(0);
      expect(seen).toHaveLength(jobs);
      expect(new Set(seen).size).toBe(jobs);
    });

    scenario('purge removes only the named subject and reports how many', async (s) => {
      const { bus, stream, prefix, consumerSpec } = await s.fixture();
      for (const s of ['s1', 's2', 's1', 's1', 's2']) await bus.publish(`${prefix}.${s}`, text(s));
      expect(await bus.purge(stream, `${prefix}.s1`)).toBe(3);
      const worker = await bus.consumer(consumerSpec());
      expect(await worker.pending()).toEqual({ pending: 2, ackPending: 0 });
      const left = [await take(worker), await take(worker)];
      expect(left.map((m) => m.subject)).toEqual([`${prefix}.s2`, `${prefix}.s2`]);
      await Promise.all(left.map((m) => m.ack()));
      expect(await worker.next(300)).toBeNull();
      expect(await bus.purge(stream, `${prefix}.s1`)).toBe(0);
    });

    scenario('a limits stream keeps acked messages for every consumer; filter subjects select', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture('limits');
      const narrow = await bus.consumer(consumerSpec({ durable: 'narrow', filterSubject: `${prefix}.a.*` }));
      const wide = await bus.consumer(consumerSpec({ durable: 'wide' }));
      await bus.publish(`${prefix}.a.x`, text('ax'));
      await bus.publish(`${prefix}.b.y`, text('by'));
      await bus.publish(`${prefix}.a.x.deep`, text('deep'));
      const n = await take(narrow);
      expect(n.subject).toBe(`${prefix}.a.x`);
      await n.ack();
      expect(await narrow.next(300)).toBeNull();
      const all: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const m = await take(wide);
        all.push(str(m.data));
        await m.ack();
      }
      expect(all).toEqual(['ax', 'by', 'deep']);
      expect(await wide.pending()).toEqual({ pending: 0, ackPending: 0 });
    });

    scenario('pending() counts undelivered and unacked jobs', async (s) => {
      const { bus, prefix, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec());
      for (let i = 0; i < 3; i += 1) await bus.publish(`${prefix}.s1`, text(String(i)));
      const first = await take(worker);
      expect(await worker.pending()).toEqual({ pending: 2, ackPending: 1 });
      await first.ack();
      expect(await worker.pending()).toEqual({ pending: 2, ackPending: 0 });
    });

    scenario('close() rejects a waiting next() and later calls', async (s) => {
      const { bus, consumerSpec } = await s.fixture();
      const worker = await bus.consumer(consumerSpec());
      const outcome = (p: Promise<unknown>) => p.then(() => 'resolved', (err: Error) => `rejected: ${err.message}`);
      const waiting = outcome(worker.next(5000));
      await sleep(100);
      const closedAt = Date.now();
      await worker.close();
      expect(await waiting).toMatch(/^rejected: .*closed/);
      expect(Date.now() - closedAt).toBeLessThan(1000);
      await expect(worker.next(100)).rejects.toThrow(/closed/);
      const other = await bus.consumer(consumerSpec());
      const busWaiting = outcome(other.next(5000));
      await sleep(100);
      await bus.close();
      expect(await busWaiting).toMatch(/^rejected: .*closed/);
      await bus.closed();
    });

    scenario('KV: put/get/keys/delete, create only when absent, update only at the current revision', async (s) => {
      const bus = await s.bus();
      const bucket = s.bucket('kvBuckets');
      const kv = await bus.kv(bucket);
      expect(await kv.get('search.a')).toBeNull();
      const r1 = await kv.create('search.a', text('v1'));
      await expect(kv.create('search.a', text('again'))).rejects.toBeInstanceOf(KvConflictError);
      const r2 = await kv.update('search.a', text('v2'), r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update('search.a', text('stale'), r1)).rejects.toBeInstanceOf(KvConflictError);
      const entry = await kv.get('search.a');
      expect(entry && { key: entry.key, value: str(entry.value), revision: entry.revision }).toEqual({ key: 'search.a', value: 'v2', revision: r2 });
      const r3 = await kv.put('search.b', text('b'));
      expect(r3).toBeGreaterThan(r2);
      await kv.put('other', text('o'));
      expect(await kv.keys('search.')).toEqual(['search.a', 'search.b']);
      expect((await kv.keys()).sort()).toEqual(['other', 'search.a', 'search.b']);
      await kv.delete('search.a');
      expect(await kv.get('search.a')).toBeNull();
      expect(await kv.keys('search.')).toEqual(['search.b']);
      // After a delete the key counts as absent again.
      await kv.create('search.a', text('v3'));
      expect(str((await kv.get('search.a'))?.value ?? new Uint8Array())).toBe('v3');
      // A second handle on the same bucket sees the same data.
      expect(str((await (await bus.kv(bucket)).get('search.b'))?.value ?? new Uint8Array())).toBe('b');
    });

    scenario('core pub/sub delivers to matching wildcard subscriptions only', async (s) => {
      const bus = await s.bus();
      const p = `ct.${suffix()}`;
      const got: Record<string, string[]> = { star: [], tail: [], exact: [] };
      const subs = [
        bus.subscribe(`${p}.*.z`, (s, d) => got.star.push(`${s}=${str(d)}`)),
        bus.subscribe(`${p}.>`, (s, d) => got.tail.push(`${s}=${str(d)}`)),
        bus.subscribe(`${p}.q`, (s, d) => got.exact.push(`${s}=${str(d)}`)),
      ];
      await sleep(100);
      bus.notify(`${p}.y.z`, text('1'));
      bus.notify(`${p}.q`, text('2'));
      bus.notify(`${p}.y.w.z`, text('3'));
      await eventually(async () => got.tail.length, (n) => n >= 3, 3000);
      await sleep(100);
      expect(got.star).toEqual([`${p}.y.z=1`]);
      expect(got.tail).toEqual([`${p}.y.z=1`, `${p}.q=2`, `${p}.y.w.z=3`]);
      expect(got.exact).toEqual([`${p}.q=2`]);
      subs[1].unsubscribe();
      bus.notify(`${p}.q`, text('4'));
      await eventually(async () => got.exact.length, (n) => n >= 2, 3000);
      await sleep(100);
      expect(got.tail).toHaveLength(3);
      expect(got.exact).toEqual([`${p}.q=2`, `${p}.q=4`]);
    });

    scenario('object store round trip of a multi-megabyte model', async (s) => {
      const bus = await s.bus();
      const bucket = s.bucket('objectBuckets');
      const store = await bus.objects(bucket);
      const model = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      await store.put('models/search-1/best.onnx', model);
      await store.put('models/search-1/meta.json', text('{"a":1}'));
      await store.put('other/x', text('x'));
      const back = await store.get('models/search-1/best.onnx');
      expect(back?.length).toBe(model.length);
      expect(Buffer.from(back ?? new Uint8Array()).equals(Buffer.from(model))).toBe(true);
      expect(await store.list('models/')).toEqual(['models/search-1/best.onnx', 'models/search-1/meta.json']);
      await store.put('models/search-1/meta.json', text('{"a":2}'));
      expect(str((await store.get('models/search-1/meta.json')) ?? new Uint8Array())).toBe('{"a":2}');
      await store.delete('models/search-1/best.onnx');
      expect(await store.get('models/search-1/best.onnx')).toBeNull();
      expect(await store.get('never/written')).toBeNull();
      await store.delete('never/written');
      expect((await store.list()).sort()).toEqual(['models/search-1/meta.json', 'other/x']);
    });
  });
}
