import { mkdirSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Keeps one file equal to the latest snapshot of some state, written atomically
 * (temp file, fsync, rename) so a crash leaves either the old or the new snapshot,
 * never a torn one. Saves requested while one is being written are coalesced into
 * a single following write, which reads the state when it starts: every caller's
 * change is on disk when its promise resolves.
 */
export class SnapshotFile {
  private writing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    readonly path: string,
    private readonly produce: () => string | Uint8Array,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  save(): Promise<void> {
    if (this.queued) return this.queued;
    const previous = this.writing ?? Promise.resolve();
    const next: Promise<void> = previous
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        this.writing = next;
        try {
          await writeAtomically(this.path, this.produce());
        } finally {
          if (this.writing === next) this.writing = null;
        }
      });
    this.queued = next;
    return next;
  }

  /** Resolves when no write is in progress or queued. */
  async flush(): Promise<void> {
    while (this.queued || this.writing) {
      await (this.queued ?? this.writing)?.catch(() => undefined);
    }
  }
}

export async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
