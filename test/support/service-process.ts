import { join } from 'node:path';
import { ROOT, spawnLogged, type LoggedProcess } from './logged-process.js';
import { freePort } from './nats-server.js';

// One `facenas serve <service>` child process on a loopback port the test knows in
// advance, so a process that is killed can be replaced by a new one on the same port
// (a restarted pod behind the same Service name). Its JSON log lines are kept, and a
// test can wait for one matching a predicate (which process logged what, and when).

export type ServiceName = 'controller' | 'trainer' | 'profiler' | 'dataset' | 'agent';

export type LogEntry = Record<string, unknown>;

export interface ServiceProcess {
  readonly service: ServiceName;
  /** A name for messages (`trainer-a`, `agent-b` ...). */
  readonly label: string;
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  readonly logs: readonly LogEntry[];
  readonly alive: boolean;
  /** Resolves with the first log line (already logged or to come) that `match` accepts. */
  waitForEntry(match: (entry: LogEntry) => boolean, what: string, timeoutMs?: number): Promise<LogEntry>;
  /** Sends the signal (SIGKILL: a crash) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartServiceOptions {
  label?: string;
  /** The gRPC port; by default a free one. Pass a dead process's port to replace it. */
  port?: number;
  /** How long to wait for the process to log `serving` (its health turned SERVING). */
  readyTimeoutMs?: number;
}

/** Starts the process and resolves once it is SERVING. */
export async function startServiceProcess(service: ServiceName, flags: readonly string[], options: StartServiceOptions = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const label = options.label ?? service;
  const child: LoggedProcess = spawnLogged(process.execPath, [
    join(ROOT, 'bin/facenas.js'),
    'serve',
    service,
    '--host',
    '127.0.0.1',
    '--grpc-port',
    String(port),
    '--metrics-port',
    '0',
    '--shutdown-grace-ms',
    '200',
    ...flags,
  ]);
  const handle: ServiceProcess = {
    service,
    label,
    port,
    address: `127.0.0.1:${port}`,
    logs: child.logs,
    get alive() {
      return child.child.exitCode === null && child.child.signalCode === null;
    },
    async waitForEntry(match, what, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = child.logs.find(match);
        if (found) return found;
        if (!handle.alive) throw new Error(`${label} exited (${child.child.exitCode ?? child.child.signalCode}) before logging ${what}`);
        if (Date.now() > end) throw new Error(`${label} did not log ${what} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
  try {
    await child.waitForLog('serving', options.readyTimeoutMs ?? 90_000);
  } catch (err) {
    await child.kill('SIGKILL');
    throw err;
  }
  return handle;
}

/** The first of `processes` to log a line `match` accepts (polled), and that line. */
export async function waitForAnyEntry(
  processes: readonly ServiceProcess[],
  match: (entry: LogEntry) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<{ process: ServiceProcess; entry: LogEntry }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const candidate of processes) {
      const entry = candidate.logs.find(match);
      if (entry) return { process: candidate, entry };
    }
    if (Date.now() > end) throw new Error(`none of ${processes.map((p) => p.label).join(', ')} logged ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
