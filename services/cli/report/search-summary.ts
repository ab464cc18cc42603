// The header of a search's section: what was searched, how, and how it went.

import type { RewardSpec__Output } from '../../common/generated/facenas/v1/RewardSpec.js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { TrainingBudget__Output } from '../../common/generated/facenas/v1/TrainingBudget.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { MISSING, formatDuration, formatMs, formatPercent, formatReward, formatUtc } from './number-format.js';
import { html, type SafeHtml } from './safe-html.js';
import { objectiveLabel, strategyName, targetLatencyMs } from './search-labels.js';
import { describeTrialCounts } from './trial-states.js';
import { trialAccuracy, trialLatencyMs, trialReward } from './trial-values.js';

/** "3 epochs · 64 px · batch 32 · 200 identities · lr 0.1 · arcface"; unset fields are left out. */
export function describeBudget(budget: TrainingBudget__Output | null): string {
  if (budget === null) return MISSING;
  const parts = [
    budget.steps > 0 ? `${budget.steps} steps` : budget.epochs > 0 && `${budget.epochs} ${budget.epochs === 1 ? 'epoch' : 'epochs'}`,
    budget.imageSize > 0 && `${budget.imageSize} px`,
    budget.batchSize > 0 && `batch ${budget.batchSize}`,
    budget.identities > 0 && `${budget.identities} identities`,
    budget.learningRate > 0 && `lr ${budget.learningRate}`,
    budget.loss !== 'LOSS_UNSPECIFIED' && budget.loss.replace(/^LOSS_/, '').toLowerCase(),
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join(' · ') : MISSING;
}

function describeConstraint(reward: RewardSpec__Output): string {
  switch (reward.constraint) {
    case 'REWARD_CONSTRAINT_HARD':
      return 'hard constraint: α = 0, β = −1';
    case 'REWARD_CONSTRAINT_CUSTOM':
      return `custom: α = ${reward.alpha}, β = ${reward.beta}`;
    default:
      // The controller reads an unspecified constraint as the soft one.
      return 'soft constraint: α = β = −0.07';
  }
}

/** "T = 20.0 ms on pixel-4 (soft constraint: α = β = −0.07)". */
export function describeTarget(search: Search__Output): string {
  const reward = search.spec?.reward ?? null;
  const target = targetLatencyMs(search);
  if (reward === null || target === undefined) return 'no latency target';
  const device = reward.device ? ` on ${reward.device}` : '';
  return `T = ${formatMs(target)}${device} (${describeConstraint(reward)})`;
}

/** Start → end and how long, or how far it got. */
export function describeRun(search: Search__Output): string {
  if (search.startedAtMs > 0 && search.completedAtMs > 0) {
    return `${formatUtc(search.startedAtMs)} → ${formatUtc(search.completedAtMs)} (${formatDuration(search.completedAtMs - search.startedAtMs)})`;
  }
  if (search.startedAtMs > 0) return `started ${formatUtc(search.startedAtMs)}, not finished`;
  if (search.createdAtMs > 0) return `created ${formatUtc(search.createdAtMs)}, not started`;
  return MISSING;
}

function describeState(search: Search__Output): string {
  const state = search.state.replace(/^SEARCH_STATE_/, '').toLowerCase();
  return search.message ? `${state}: ${search.message}` : state;
}

function describeTrials(search: Search__Output, trials: readonly Trial__Output[]): string {
  const max = search.spec?.maxTrials ? ` (at most ${search.spec.maxTrials})` : '';
  return `${describeTrialCounts(trials)}${max}`;
}

function describeBest(best: Trial__Output | undefined, search: Search__Output): string {
  if (best === undefined) return 'none yet';
  const objective = search.spec?.objective ?? 'OBJECTIVE_UNSPECIFIED';
  const accuracy = formatPercent(trialAccuracy(best, objective));
  return `${best.id}: reward ${formatReward(trialReward(best))}, accuracy ${accuracy}, latency ${formatMs(trialLatencyMs(best))}`;
}

export function renderSearchSummary(search: Search__Output, trials: readonly Trial__Output[], best: Trial__Output | undefined): SafeHtml {
  const rows: Array<[string, string]> = [
    ['search', search.spec?.name ? `${search.id} (${search.spec.name})` : search.id],
    ['strategy', strategyName(search)],
    ['state', describeState(search)],
    ['dataset', search.spec?.dataset || MISSING],
    ['objective', objectiveLabel(search)],
    ['budget per trial', describeBudget(search.spec?.budget ?? null)],
    ['latency target', describeTarget(search)],
    ['trials', describeTrials(search, trials)],
    ['best trial', describeBest(best, search)],
    ['ran', describeRun(search)],
  ];
  return html`<dl class="summary">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}
