import type { TrialState__Output } from '../../common/generated/facenas/v1/TrialState.js';
import { countTrial, emptyCounts, type TrialCounts } from './bookkeeping.js';
import { isActive, type TrialRecord, type TrialSummary } from './records.js';

function zeroByState(): Record<TrialState__Output, number> {
  return {
    TRIAL_STATE_UNSPECIFIED: 0,
    TRIAL_STATE_CREATED: 0,
    TRIAL_STATE_RUNNING: 0,
    TRIAL_STATE_SUCCEEDED: 0,
    TRIAL_STATE_FAILED: 0,
    TRIAL_STATE_KILLED: 0,
    TRIAL_STATE_EARLYSTOPPED: 0,
  };
}

/**
 * One search's trials with the indexes its decisions need, kept up to date as trials
 * change, so each report costs the same at trial 5,000 as at trial 5: Katib's counts,
 * counts per state, the best reward, the trial that trains each architecture, and the
 * reused trials waiting on it. Every state or reward change goes through here.
 */
export class TrialBook {
  private readonly ordered: TrialRecord[] = [];
  private readonly byId = new Map<string, TrialRecord>();
  /** Per architecture id, the trial whose training result the others reuse. */
  private readonly origins = new Map<string, TrialRecord>();
  /** Reused trials not yet finished, by the id of the trial they wait on. */
  private readonly waiting = new Map<string, TrialRecord[]>();
  private readonly activeIds = new Set<string>();
  private readonly byState = zeroByState();
  private bestTrial: TrialRecord | null = null;
  readonly counts: TrialCounts = emptyCounts();

  /** `trials` in index order (as stored). */
  constructor(trials: readonly TrialRecord[] = []) {
    for (const t of trials) this.add(t);
  }

  add(trial: TrialRecord): void {
    this.ordered.push(trial);
    this.byId.set(trial.id, trial);
    this.enter(trial);
    if (trial.reusedFrom) {
      if (isActive(trial)) this.waitOn(trial);
    } else if (trial.state !== 'TRIAL_STATE_KILLED' && !this.origins.has(trial.architecture.id)) {
      this.origins.set(trial.architecture.id, trial);
    }
    if (trial.reward !== null && (!this.bestTrial || trial.reward > (this.bestTrial.reward as number))) this.bestTrial = trial;
  }

  get(trialId: string): TrialRecord | undefined {
    return this.byId.get(trialId);
  }

  /** Every trial by index. */
  list(): readonly TrialRecord[] {
    return this.ordered;
  }

  active(): TrialRecord[] {
    return [...this.activeIds].map((id) => this.byId.get(id) as TrialRecord);
  }

  /** The trial (not itself reused, not killed) that trains this architecture, if any. */
  originOf(architectureId: string): TrialRecord | undefined {
    return this.origins.get(architectureId);
  }

  /** The unfinished trials reusing `origin`'s result. */
  waitingOn(originId: string): readonly TrialRecord[] {
    return this.waiting.get(originId) ?? [];
  }

  best(): TrialRecord | null {
    return this.bestTrial;
  }

  summary(): TrialSummary {
    return { byState: this.byState, total: this.ordered.length, best: this.bestTrial };
  }

  setState(trial: TrialRecord, state: TrialState__Output): void {
    if (trial.state === state) return;
    this.leave(trial);
    trial.state = state;
    this.enter(trial);
    if (state === 'TRIAL_STATE_KILLED' && this.origins.get(trial.architecture.id) === trial) {
      // Its training never finished: a later proposal of the architecture trains it again.
      this.origins.delete(trial.architecture.id);
    }
    if (!isActive(trial) && trial.reusedFrom) this.stopWaiting(trial);
  }

  setReward(trial: TrialRecord, reward: number): void {
    trial.reward = reward;
    if (!this.bestTrial || reward > (this.bestTrial.reward as number)) this.bestTrial = trial;
  }

  private enter(trial: TrialRecord): void {
    this.byState[trial.state] += 1;
    countTrial(this.counts, trial, 1);
    if (isActive(trial)) this.activeIds.add(trial.id);
  }

  private leave(trial: TrialRecord): void {
    this.byState[trial.state] -= 1;
    countTrial(this.counts, trial, -1);
    this.activeIds.delete(trial.id);
  }

  private waitOn(trial: TrialRecord): void {
    const list = this.waiting.get(trial.reusedFrom);
    if (list) list.push(trial);
    else this.waiting.set(trial.reusedFrom, [trial]);
  }

  private stopWaiting(trial: TrialRecord): void {
    const list = this.waiting.get(trial.reusedFrom);
    if (!list) return;
    const rest = list.filter((t) => t !== trial);
    if (rest.length > 0) this.waiting.set(trial.reusedFrom, rest);
    else this.waiting.delete(trial.reusedFrom);
  }
}
