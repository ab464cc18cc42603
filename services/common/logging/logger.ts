import { pino, type Logger } from 'pino';

export type { Logger };

// One structured logger per service; LOG_LEVEL picks the level (default info, silent in tests).
export function createLogger(service: string, level?: string): Logger {
  const chosen = level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({
    name: service,
    level: chosen,
    base: { service },
    // Secrets must never reach the logs (agent tokens, NATS passwords).
    redact: { paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
}
