import { pino, type Logger } from 'pino';

export type { Logger };

// One structured logger per service; LOG_LEVEL picks the level (default info, silent in tests).
// `file`: write there instead of stdout (the CLI keeps the terminal for its own view).
export function createLogger(service: string, level?: string, file?: string): Logger {
  const chosen = level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  const options = {
    name: service,
    level: chosen,
    base: { service },
    // Secrets must never reach the logs (agent tokens, NATS passwords).
    redact: { paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization'], censor: '[redacted]' },
  };
  return file ? pino(options, pino.destination({ dest: file, mkdir: true, sync: true })) : pino(options);
}
