/**
 * Decoded images kept within a byte budget, least recently used first out. One cache
 * serves every open dataset, so the budget bounds the whole service's image memory.
 */
export class ImageCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(readonly budgetBytes: number) {}

  get(key: string): Uint8Array | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, pixels: Uint8Array): void {
    if (pixels.byteLength > this.budgetBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= previous.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, pixels);
    this.bytes += pixels.byteLength;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.byteLength;
    }
  }

  /** Drops every entry whose key starts with `prefix` (a closed dataset's images). */
  dropPrefix(prefix: string): void {
    for (const [key, pixels] of this.entries) {
      if (key.startsWith(prefix)) {
        this.entries.delete(key);
        this.bytes -= pixels.byteLength;
      }
    }
  }

  get usedBytes(): number {
    return this.bytes;
  }
}
