import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import { applyEvent, eventLine, initialProgress, progressLine, statusLine, type ProgressState } from './progress-state.js';

// The live view: on a terminal, log lines scroll above one status line redrawn in place
// (progress bar, ETA, the current trial, the best so far); elsewhere (CI logs, pipes)
// plain lines only, with progress at epoch ends.

export interface ProgressView {
  onEvent(event: SearchEvent__Output): void;
  /** Prints a line above the status line. */
  say(line: string): void;
  readonly state: ProgressState;
  close(): void;
}

export function createProgressView(out: NodeJS.WriteStream = process.stdout, now: () => number = Date.now): ProgressView {
  const tty = Boolean(out.isTTY);
  let state = initialProgress(now());
  let lastEpochLine = new Map<string, number>();
  const clear = () => {
    if (tty) out.write('\r\x1b[2K');
  };
  const draw = () => {
    if (!tty) return;
    const columns = out.columns || 120;
    const line = statusLine(state, now());
    out.write(`\r\x1b[2K${line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line}`);
  };
  const timer = tty ? setInterval(draw, 1000) : null;
  timer?.unref();
  return {
    get state() {
      return state;
    },
    onEvent(event) {
      state = applyEvent(state, event);
      const line = eventLine(event);
      if (line) {
        clear();
        out.write(`${line}\n`);
      } else if (!tty && event.progress && event.trial) {
        // Plain output: one line per finished epoch, not every few seconds.
        const epoch = event.progress.epoch;
        if (epoch > (lastEpochLine.get(event.trial.id) ?? 0)) {
          lastEpochLine = new Map(lastEpochLine).set(event.trial.id, epoch);
          const p = progressLine(event);
          if (p) out.write(`${p}\n`);
        }
      }
      draw();
    },
    say(line) {
      clear();
      out.write(`${line}\n`);
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
