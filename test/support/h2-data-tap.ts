import { createServer, connect, type Server, type Socket } from 'node:net';

// A TCP relay in front of a gRPC server that tells when the server sends a message
// down a stream. It reads the server-to-client bytes as HTTP/2 frames (9-byte header:
// length, type, flags, stream id) and reports every non-empty DATA frame: on a
// long-lived AgentService.Connect stream the profiler writes only the welcome and then
// one message per measurement task, so the second DATA frame is the first task reaching
// the agent — the moment to kill the agent mid-measurement. Bytes are forwarded
// unchanged; when either side closes, the other is closed too (a process that dies
// takes its socket with it, and the profiler must see the stream end).

const FRAME_HEADER_BYTES = 9;
const DATA_FRAME = 0;

export interface DataFrame {
  streamId: number;
  length: number;
  /** Date.now() when the frame passed the relay. */
  atMs: number;
}

export class H2DataTap {
  readonly frames: DataFrame[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly listeners = new Set<(frame: DataFrame) => void>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and relays each connection to `target` (`host:port`). */
  static async start(target: string): Promise<H2DataTap> {
    const [host, portText] = target.split(':');
    let tap: H2DataTap | null = null;
    const server = createServer((client) => tap?.relay(client, host, Number(portText)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    tap = new H2DataTap(server, typeof address === 'object' && address ? address.port : 0);
    return tap;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Resolves with the `n`-th non-empty DATA frame from the server (1-based, counted since the tap started). */
  nthDataFrame(n: number, timeoutMs: number): Promise<DataFrame> {
    const have = this.frames[n - 1];
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no DATA frame #${n} from the server within ${timeoutMs} ms (saw ${this.frames.length})`));
      }, timeoutMs);
      const listener = () => {
        const frame = this.frames[n - 1];
        if (!frame) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(frame);
      };
      this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, host: string, port: number): void {
    const upstream = connect({ host, port });
    this.sockets.add(client);
    this.sockets.add(upstream);
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      // Parse first: the frame is counted before the agent can have acted on it.
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= FRAME_HEADER_BYTES) {
        const length = pending.readUIntBE(0, 3);
        if (pending.length < FRAME_HEADER_BYTES + length) break;
        const type = pending[3];
        const streamId = pending.readUInt32BE(5) & 0x7fffffff;
        if (type === DATA_FRAME && length > 0) {
          const frame = { streamId, length, atMs: Date.now() };
          this.frames.push(frame);
          for (const l of [...this.listeners]) l(frame);
        }
        pending = pending.subarray(FRAME_HEADER_BYTES + length);
      }
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  }
}
