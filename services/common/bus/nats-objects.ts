import type { ObjectStore as NatsObjectBucket } from '@nats-io/obj';
import type { ObjectStore } from './bus.js';
import { toBusError } from './nats-errors.js';
import { checkObjectName } from './spec-validation.js';

/** A JetStream object store bucket (the client splits objects into chunks) behind the bus's ObjectStore. */
export class NatsObjects implements ObjectStore {
  constructor(
    private readonly bucket: string,
    private readonly store: NatsObjectBucket,
  ) {}

  async put(name: string, data: Uint8Array): Promise<void> {
    checkObjectName(name);
    await this.store.putBlob({ name }, data).catch((err: unknown) => Promise.reject(toBusError(err, `objects ${this.bucket} put ${name}`)));
  }

  async get(name: string): Promise<Uint8Array | null> {
    checkObjectName(name);
    return this.store.getBlob(name).catch((err: unknown) => Promise.reject(toBusError(err, `objects ${this.bucket} get ${name}`)));
  }

  async list(prefix = ''): Promise<string[]> {
    try {
      const infos = await this.store.list();
      return infos
        .filter((info) => !info.deleted && info.name.startsWith(prefix))
        .map((info) => info.name)
        .sort();
    } catch (err) {
      throw toBusError(err, `objects ${this.bucket} list`);
    }
  }

  async delete(name: string): Promise<void> {
    checkObjectName(name);
    await this.store.delete(name).catch((err: unknown) => Promise.reject(toBusError(err, `objects ${this.bucket} delete ${name}`)));
  }
}
