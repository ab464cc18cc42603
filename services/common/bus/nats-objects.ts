import type { ObjectStore as NatsObjectBucket } from '@nats-io/obj';
import type { ObjectStore } from './bus.js';
import { throughOutage, type OutagePolicy } from './nats-outage-retry.js';
import { checkObjectName } from './spec-validation.js';

/** A JetStream object store bucket (the client splits objects into chunks) behind the bus's ObjectStore. */
export class NatsObjects implements ObjectStore {
  constructor(
    private readonly bucket: string,
    private readonly store: NatsObjectBucket,
    private readonly outage: OutagePolicy,
  ) {}

  async put(name: string, data: Uint8Array): Promise<void> {
    checkObjectName(name);
    await throughOutage(this.outage, `objects ${this.bucket} put ${name}`, () => this.store.putBlob({ name }, data));
  }

  async get(name: string): Promise<Uint8Array | null> {
    checkObjectName(name);
    return throughOutage(this.outage, `objects ${this.bucket} get ${name}`, () => this.store.getBlob(name));
  }

  async list(prefix = ''): Promise<string[]> {
    const infos = await throughOutage(this.outage, `objects ${this.bucket} list`, () => this.store.list());
    return infos
      .filter((info) => !info.deleted && info.name.startsWith(prefix))
      .map((info) => info.name)
      .sort();
  }

  async delete(name: string): Promise<void> {
    checkObjectName(name);
    await throughOutage(this.outage, `objects ${this.bucket} delete ${name}`, () => this.store.delete(name));
  }
}
