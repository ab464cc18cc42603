import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts private `nats-server -js` processes for tests that need to kill, restart or
// configure a server (fault injection, authorization) without touching a shared one.

export function natsServerBinary(): string | null {
  for (const candidate of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['nats-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const NATS_MISSING_MESSAGE =
  'No NATS server answers at NATS_URL and no nats-server binary is installed. ' +
  'Install it (Debian: apt-get install nats-server) or set NATS_URL to a server with JetStream (-js).';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves true when a NATS server with JetStream answers at host:port. */
export async function natsAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url.replace(/^nats:/, 'http:'));
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 4222) });
    let buffer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes('\r\n')) {
        clearTimeout(timer);
        done(buffer.startsWith('INFO') && buffer.includes('"jetstream":true'));
      }
    });
    socket.on('error', () => {
      clearTimeout(timer);
      done(false);
    });
  });
}

export interface NatsServerOptions {
  port?: number;
  storeDir?: string;
  /** Extra command-line arguments (e.g. `--user u --pass p`) or a config file via `-c`. */
  args?: string[];
}

export class NatsServerProcess {
  private child: ChildProcess | null = null;
  readonly storeDir: string;
  private readonly ownsStore: boolean;

  private constructor(
    readonly port: number,
    storeDir: string | undefined,
    private readonly args: string[],
  ) {
    this.ownsStore = storeDir === undefined;
    this.storeDir = storeDir ?? mkdtempSync(join(tmpdir(), 'facenas-nats-'));
  }

  static async start(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    const port = options.port ?? (await freePort());
    const server = new NatsServerProcess(port, options.storeDir, options.args ?? []);
    await server.startProcess();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async startProcess(): Promise<void> {
    const binary = natsServerBinary();
    if (!binary) throw new Error(NATS_MISSING_MESSAGE);
    const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...this.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${stderr}`);
      if (await natsAnswers(this.url, 500)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nats-server did not answer on ${this.url} within 10 s: ${stderr}`);
  }

  /** Abrupt death (SIGKILL), as in a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Starts again on the same port with the same store. */
  async restart(): Promise<void> {
    await this.startProcess();
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsStore) rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(sig);
    });
    this.child = null;
  }
}
