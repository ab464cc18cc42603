import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import type { TrialProgress__Output } from '../../common/generated/facenas/v1/TrialProgress.js';
import { formatDuration } from '../report/number-format.js';

// What the live view knows about a search, folded from its WatchSearch events (pure,
// so the terminal view and `facenas watch` show the same thing and it can be tested).

export interface ProgressState {
  search: Search__Output | null;
  /** Trials by id, as last seen. */
  trials: Map<string, Trial__Output>;
  /** Latest progress of trials still running. */
  running: Map<string, TrialProgress__Output>;
  best: Trial__Output | null;
  finished: boolean;
  /** When the watcher first saw the search (for the ETA when the search has no start time). */
  firstSeenMs: number;
}

export function initialProgress(nowMs: number): ProgressState {
  return { search: null, trials: new Map(), running: new Map(), best: null, finished: false, firstSeenMs: nowMs };
}

const TERMINAL = new Set(['TRIAL_STATE_SUCCEEDED', 'TRIAL_STATE_FAILED', 'TRIAL_STATE_KILLED', 'TRIAL_STATE_EARLYSTOPPED']);

export function applyEvent(state: ProgressState, event: SearchEvent__Output): ProgressState {
  const next: ProgressState = { ...state, trials: new Map(state.trials), running: new Map(state.running) };
  if (event.search) next.search = event.search;
  const remember = (t: Trial__Output) => {
    next.trials.set(t.id, t);
    if (TERMINAL.has(t.state)) next.running.delete(t.id);
    if (t.hasReward && (!next.best || t.reward > next.best.reward)) next.best = t;
  };
  for (const t of event.trials ?? []) remember(t);
  if (event.trial) remember(event.trial);
  if (event.kind === 'SEARCH_EVENT_KIND_TRIAL_PROGRESS' && event.progress && event.trial && !TERMINAL.has(event.trial.state)) {
    next.running.set(event.trial.id, event.progress);
  }
  if (event.kind === 'SEARCH_EVENT_KIND_SEARCH_COMPLETED' || event.kind === 'SEARCH_EVENT_KIND_SEARCH_STOPPED') next.finished = true;
  if (event.kind === 'SEARCH_EVENT_KIND_SEARCH_RESUMED') next.finished = false;
  if (event.kind === 'SEARCH_EVENT_KIND_SNAPSHOT' && event.search && ['SEARCH_STATE_SUCCEEDED', 'SEARCH_STATE_FAILED', 'SEARCH_STATE_STOPPED'].includes(event.search.state)) {
    next.finished = true;
  }
  return next;
}

export interface ProgressSummary {
  done: number;
  total: number;
  /** Estimated milliseconds left, null until a trial finished. */
  etaMs: number | null;
}

export function summarize(state: ProgressState, nowMs: number): ProgressSummary {
  const s = state.search;
  const baseline = s?.spec?.includeBaseline ? 1 : 0;
  const total = (s?.spec?.maxTrials ?? 0) + baseline;
  const done = [...state.trials.values()].filter((t) => TERMINAL.has(t.state)).length;
  const started = Number(s?.startedAtMs || 0) || state.firstSeenMs;
  const elapsed = nowMs - started;
  const etaMs = done > 0 && total > done ? (elapsed / done) * (total - done) : done >= total && total > 0 ? 0 : null;
  return { done, total, etaMs };
}

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(1)} ms`);

/** `reward 1.012 (accuracy 0.812, 8.3 ms)` */
export function describeResult(t: Trial__Output): string {
  const accuracy = t.accuracy || t.metrics?.verificationAccuracy || 0;
  return `reward ${t.reward.toFixed(4)} (accuracy ${accuracy.toFixed(3)}, ${ms(t.latency?.medianMs)}${t.baseline ? ', baseline' : ''})`;
}

/** The one status line a terminal shows, redrawn in place. */
export function statusLine(state: ProgressState, nowMs: number): string {
  const { done, total, etaMs } = summarize(state, nowMs);
  const parts = [`${progressBar(done, total)} ${done}/${total} trials`];
  if (etaMs !== null && !state.finished) parts.push(`ETA ${formatDuration(etaMs)}`);
  const current = [...state.running.entries()].sort(([a], [b]) => a.localeCompare(b))[0];
  if (current) {
    const [id, p] = current;
    parts.push(`${id} epoch ${Math.min(p.epoch + 1, p.epochs || p.epoch + 1)}/${p.epochs || '?'} step ${p.step}/${p.steps || '?'} loss ${p.loss.toFixed(3)}`);
  }
  if (state.best) parts.push(`best ${state.best.id}: ${describeResult(state.best)}`);
  return parts.join(' · ');
}

/** A permanent log line for an event worth one (null for the rest). */
export function eventLine(event: SearchEvent__Output): string | null {
  const t = event.trial;
  switch (event.kind) {
    case 'SEARCH_EVENT_KIND_TRIAL_STARTED':
      return t ? `${t.id} started on ${t.worker || 'a trainer'}${t.baseline ? ' (MobileFaceNet baseline)' : ''}` : null;
    case 'SEARCH_EVENT_KIND_TRIAL_COMPLETED':
      return t ? `${t.id} ${t.state === 'TRIAL_STATE_EARLYSTOPPED' ? 'early-stopped' : 'completed'}: ${describeResult(t)}${t.reusedFrom ? `, reused from ${t.reusedFrom}` : ''}` : null;
    case 'SEARCH_EVENT_KIND_TRIAL_FAILED':
      return t ? `${t.id} failed: ${t.reason}` : null;
    case 'SEARCH_EVENT_KIND_TRIAL_KILLED':
      return t ? `${t.id} killed: ${t.reason}` : null;
    case 'SEARCH_EVENT_KIND_NEW_BEST':
      return t ? `new best ${t.id}: ${describeResult(t)}` : null;
    case 'SEARCH_EVENT_KIND_SEARCH_COMPLETED':
      return `search ${event.searchId} finished: ${event.search?.state.replace('SEARCH_STATE_', '').toLowerCase()}${event.message ? ` (${event.message})` : ''}`;
    case 'SEARCH_EVENT_KIND_SEARCH_STOPPED':
      return `search ${event.searchId} stopped${event.message ? `: ${event.message}` : ''}`;
    case 'SEARCH_EVENT_KIND_SEARCH_RESUMED':
      return `search ${event.searchId} resumed`;
    default:
      return null;
  }
}

/** Progress as a plain log line (not a terminal): at most once per epoch of a trial. */
export function progressLine(event: SearchEvent__Output): string | null {
  const p = event.progress;
  if (event.kind !== 'SEARCH_EVENT_KIND_TRIAL_PROGRESS' || !p || !event.trial) return null;
  return `${event.trial.id} epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.steps}: loss ${p.loss.toFixed(3)}, train accuracy ${p.trainAccuracy.toFixed(3)}, ${p.imagesPerSecond.toFixed(1)} img/s${p.hasEvalAccuracy ? `, held-out accuracy ${p.evalAccuracy.toFixed(3)}` : ''}`;
}
