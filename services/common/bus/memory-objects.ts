import { mkdirSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from './bus.js';
import { writeAtomically } from './snapshot-file.js';
import { checkObjectName } from './spec-validation.js';

/** Object store held in memory (embedded mode without a data folder). */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();

  async put(name: string, data: Uint8Array): Promise<void> {
    checkObjectName(name);
    this.objects.set(name, data.slice());
  }

  async get(name: string): Promise<Uint8Array | null> {
    checkObjectName(name);
    return this.objects.get(name)?.slice() ?? null;
  }

  async list(prefix = ''): Promise<string[]> {
    return [...this.objects.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  async delete(name: string): Promise<void> {
    checkObjectName(name);
    this.objects.delete(name);
  }
}

/**
 * Object store kept as one file per object in a folder (embedded mode with a data
 * folder): models are megabytes, so they are written once each, atomically, rather
 * than inside a snapshot. File names are the base64url of the object name, so any
 * name (slashes, dots) maps to one plain file.
 */
export class FileObjectStore implements ObjectStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async put(name: string, data: Uint8Array): Promise<void> {
    checkObjectName(name);
    await writeAtomically(this.fileOf(name), data);
  }

  async get(name: string): Promise<Uint8Array | null> {
    checkObjectName(name);
    try {
      return new Uint8Array(await readFile(this.fileOf(name)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async list(prefix = ''): Promise<string[]> {
    const files = await readdir(this.dir);
    return files
      .filter((f) => !f.includes('.tmp-'))
      .map((f) => Buffer.from(f, 'base64url').toString('utf8'))
      .filter((n) => n.startsWith(prefix))
      .sort();
  }

  async delete(name: string): Promise<void> {
    checkObjectName(name);
    await unlink(this.fileOf(name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  private fileOf(name: string): string {
    return join(this.dir, Buffer.from(name, 'utf8').toString('base64url'));
  }
}
