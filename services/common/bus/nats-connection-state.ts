/**
 * Whether the client is connected, and a signal at each disconnect/reconnect.
 * A request sent just before the server died is never answered; one buffered
 * during an outage may be lost with the old socket. Operations that retry through
 * an outage race each attempt against the next change and start a fresh attempt
 * when the connection comes back, instead of waiting out the attempt's timeout.
 */
export class ConnectionState {
  private isConnected = true;
  private readonly listeners = new Set<() => void>();

  get connected(): boolean {
    return this.isConnected;
  }

  set(connected: boolean): void {
    this.isConnected = connected;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }

  /** Calls `listener` once at the next disconnect or reconnect; returns a function that cancels it. */
  onNextChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once connected, or after `ms` (whichever comes first). */
  async whenConnected(ms: number): Promise<void> {
    if (this.isConnected || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    let cancel: () => void = () => undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      cancel = this.onNextChange(resolve);
    });
    clearTimeout(timer);
    cancel();
  }
}

export const CONNECTION_CHANGED: unique symbol = Symbol('connection changed');

/** `attempt`'s outcome, or CONNECTION_CHANGED if the connection dropped or came back first. */
export function raceConnection<T>(state: ConnectionState, attempt: Promise<T>): Promise<T | typeof CONNECTION_CHANGED> {
  return new Promise((resolve, reject) => {
    const cancel = state.onNextChange(() => resolve(CONNECTION_CHANGED));
    attempt.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (err: unknown) => {
        cancel();
        reject(err);
      },
    );
  });
}
