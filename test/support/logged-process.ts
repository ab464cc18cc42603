import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Services and agents as real child processes, with their JSON (pino) log lines
// collected so a test can wait for what a process says it did.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LoggedProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv = {}): LoggedProcess {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', ...env } });
  const logs: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void; fail: (err: Error) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        for (const w of waiters.filter((w) => w.msg === entry.msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      for (const w of waiters.splice(0)) w.fail(new Error(`process ${args.join(' ')} exited before logging "${w.msg}"; stderr: ${stderr.slice(-2000)}`));
      resolve();
    }),
  );
  return {
    child,
    logs,
    waitForLog(msg, timeoutMs = 30_000) {
      const found = logs.find((l) => l.msg === msg);
      if (found) return Promise.resolve(found);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`process ${args.join(' ')} has exited; stderr: ${stderr.slice(-2000)}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`process ${args.join(' ')} did not log "${msg}" in ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({
          msg,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
          fail: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
