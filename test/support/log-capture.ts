import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

// A logger that keeps every line in memory, at the most verbose level and without the
// services' redaction, so a test can show a secret never reaches a log call at all
// (redaction is the second line of defence, not the first).

export interface CapturedLogs {
  logger: Logger;
  /** Everything logged so far, one JSON line per entry. */
  text(): string;
}

export function captureLogs(service = 'test'): CapturedLogs {
  const lines: string[] = [];
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      partial += chunk.toString('utf8');
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        lines.push(partial.slice(0, nl));
        partial = partial.slice(nl + 1);
      }
      done();
    },
  });
  // pino writes synchronously to a plain Writable, so text() sees every call made before it.
  const logger = pino({ name: service, level: 'trace', base: { service } }, sink);
  return {
    logger,
    text: () => [...lines, partial].join('\n'),
  };
}
