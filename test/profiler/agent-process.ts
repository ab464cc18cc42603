import { ROOT, spawnLogged, type LoggedProcess } from '../support/logged-process.js';

// Edge agents as real child processes (from source under Node, bundled under Deno or
// Node, or the single executable), with their JSON log lines collected.

export { ROOT };
export const DENO = `${ROOT}node_modules/.bin/deno`;

export interface AgentProcess extends LoggedProcess {
  /** `task done` log lines: the tasks this agent finished. */
  tasksDone(): number;
}

export function spawnAgent(command: string, args: string[]): AgentProcess {
  const process = spawnLogged(command, args);
  return { ...process, tasksDone: () => process.logs.filter((l) => l.msg === 'task done').length };
}
