// The table of a search's best trials: numbers and the architecture drawn.

import type { Objective__Output } from '../../common/generated/facenas/v1/Objective.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import { renderArchitectureDiagram } from './architecture-diagram.js';
import { formatMillions, formatMs, formatPercent, formatReward } from './number-format.js';
import { html, type HtmlValue, type SafeHtml } from './safe-html.js';
import { trialArchitecture } from './trial-architecture.js';
import { trialAccuracy, trialLatencyMs, trialMadds, trialParameters, trialReward } from './trial-values.js';

function badges(trial: Trial__Output, frontIds: ReadonlySet<string>): HtmlValue[] {
  return [
    trial.baseline && html`<span class="badge badge-baseline">baseline</span>`,
    frontIds.has(trial.id) && html`<span class="badge badge-pareto">Pareto</span>`,
    trial.reusedFrom !== '' && html`<span class="badge">same as ${trial.reusedFrom}</span>`,
  ];
}

function architectureCell(trial: Trial__Output): SafeHtml {
  const spec = trialArchitecture(trial);
  return spec === undefined
    ? html`<span class="empty">architecture unavailable</span>`
    : renderArchitectureDiagram(spec, trial.architecture?.id ?? '');
}

function row(trial: Trial__Output, rank: number, objective: Objective__Output, frontIds: ReadonlySet<string>): SafeHtml {
  return html`<tr data-trial="${trial.id}"><td class="num">${rank}</td><td class="trial-id"><code>${trial.id}</code>${badges(trial, frontIds)}</td><td class="num">${formatReward(trialReward(trial))}</td><td class="num">${formatPercent(trialAccuracy(trial, objective))}</td><td class="num">${formatMs(trialLatencyMs(trial))}</td><td class="num">${formatMillions(trialParameters(trial))}</td><td class="num">${formatMillions(trialMadds(trial))}</td><td class="arch">${architectureCell(trial)}</td></tr>`;
}

export function renderTopTrialsTable(top: readonly Trial__Output[], objective: Objective__Output, paretoTrialIds: readonly string[]): SafeHtml {
  if (top.length === 0) return html`<p class="empty">No rewarded trials yet.</p>`;
  const frontIds = new Set(paretoTrialIds);
  const rows = top.map((trial, i) => row(trial, i + 1, objective, frontIds));
  return html`<table class="top-trials"><thead><tr><th>#</th><th>trial</th><th>reward</th><th>accuracy</th><th>latency</th><th>params</th><th>MAdds</th><th>architecture</th></tr></thead><tbody>${rows}</tbody></table>`;
}
