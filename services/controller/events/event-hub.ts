import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';

export type SearchEventListener = (event: SearchEvent__Output) => void;

/**
 * Fan-out of one controller's search events to watchers. Events of a search carry
 * increasing sequence numbers; listeners are called synchronously, in order, so a
 * watcher that subscribes before reading the snapshot misses nothing.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<SearchEventListener>>();

  subscribe(searchId: string, listener: SearchEventListener): () => void {
    let set = this.listeners.get(searchId);
    if (!set) this.listeners.set(searchId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(searchId);
    };
  }

  publish(event: SearchEvent__Output): void {
    for (const listener of this.listeners.get(event.searchId) ?? []) listener(event);
  }

  watcherCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

/** A per-watcher FIFO that a gRPC writer drains at the client's pace. */
export class EventQueue {
  private readonly items: SearchEvent__Output[] = [];
  private waiter: (() => void) | null = null;
  private closedWith: Error | null = null;
  private ended = false;

  constructor(private readonly maxBuffered: number) {}

  push(event: SearchEvent__Output): void {
    if (this.ended || this.closedWith) return;
    if (this.items.length >= this.maxBuffered) {
      this.closedWith = new Error(`watcher fell ${this.maxBuffered} events behind`);
    } else {
      this.items.push(event);
    }
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** The next event, or null once ended and drained; throws when the watcher fell too far behind. */
  async next(): Promise<SearchEvent__Output | null> {
    for (;;) {
      if (this.closedWith) throw this.closedWith;
      const item = this.items.shift();
      if (item) return item;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
