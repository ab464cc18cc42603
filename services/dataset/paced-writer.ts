import type * as grpc from '@grpc/grpc-js';
import { FacenasError } from '../common/errors/errors.js';

/**
 * Writes a server stream's messages no faster than the transport takes them: at most
 * `maxPending` messages may be written and not yet handed to HTTP/2 (whose flow
 * control follows the client's reading), and a full buffer ('write' returning false)
 * waits for 'drain'. A producer that awaits each write therefore runs at the
 * client's pace, holding a bounded number of messages in memory.
 */
export class PacedWriter<T> {
  private pending = 0;
  private wake: (() => void) | null = null;
  private gone = false;

  constructor(
    private readonly call: grpc.ServerWritableStream<unknown, T>,
    private readonly maxPending = 2,
  ) {
    const onGone = () => {
      this.gone = true;
      this.notify();
    };
    call.on('cancelled', onGone);
    call.on('close', onGone);
    call.on('drain', () => this.notify());
  }

  /** Resolves once the message is queued within the limits; rejects with CANCELLED when the client left. */
  async write(message: T): Promise<void> {
    while (!this.gone && this.pending >= this.maxPending) await this.sleep();
    this.throwIfGone();
    this.pending++;
    const accepted = this.call.write(message, () => {
      this.pending--;
      this.notify();
    });
    if (!accepted) {
      while (!this.gone && this.call.writableNeedDrain) await this.sleep();
      this.throwIfGone();
    }
  }

  get cancelled(): boolean {
    return this.gone || this.call.cancelled;
  }

  private throwIfGone(): void {
    if (this.cancelled) throw new FacenasError('CANCELLED', 'the client cancelled the stream');
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
