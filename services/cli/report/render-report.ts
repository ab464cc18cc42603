// The run folder's report.html: one self-contained page (inline CSS and SVG, no
// script, a CSP that forbids every fetch) comparing the reward curves of the given
// searches, then per search its summary, accuracy/latency scatter and best trials.

import { formatUtc } from './number-format.js';
import type { ReportInput, ReportSearch } from './report-input.js';
import { REPORT_STYLES } from './report-styles.js';
import { type RewardSeriesInput, renderRewardChart } from './reward-chart.js';
import { rewardPoints } from './reward-series.js';
import { html, type SafeHtml } from './safe-html.js';
import { renderScatter } from './scatter-chart.js';
import { scatterData } from './scatter-data.js';
import { objectiveLabel, strategyName, targetDevice, targetLatencyMs } from './search-labels.js';
import { renderSearchSummary } from './search-summary.js';
import { TOP_TRIAL_COUNT, topTrialsByReward } from './top-trials.js';
import { renderTopTrialsTable } from './top-trials-table.js';

function reportTitle(input: ReportInput): string {
  if (input.title) return input.title;
  return input.searches.length === 1 ? `facenas search ${input.searches[0].search.id}` : 'facenas search report';
}

function rewardSeriesInput(entry: ReportSearch): RewardSeriesInput {
  return { searchId: entry.search.id, label: `${strategyName(entry.search)} · ${entry.search.id}`, points: rewardPoints(entry.trials) };
}

function renderSearchSection(entry: ReportSearch): SafeHtml {
  const { search, trials, paretoTrialIds } = entry;
  const objective = search.spec?.objective ?? 'OBJECTIVE_UNSPECIFIED';
  const top = topTrialsByReward(trials);
  const scatter = renderScatter(scatterData(trials, paretoTrialIds, objective), {
    searchId: search.id,
    targetLatencyMs: targetLatencyMs(search),
    device: targetDevice(search),
    accuracyLabel: objectiveLabel(search),
  });
  return html`<section class="search" data-search="${search.id}"><h2>${strategyName(search)} · ${search.id}</h2>${renderSearchSummary(search, trials, top[0])}<h3>Accuracy against latency</h3>${scatter}<h3>Top ${TOP_TRIAL_COUNT} trials by reward</h3>${renderTopTrialsTable(top, objective, paretoTrialIds)}</section>`;
}

function renderBody(input: ReportInput): SafeHtml {
  if (input.searches.length === 0) return html`<p class="empty">This report holds no searches.</p>`;
  const heading = input.searches.length === 1 ? 'Reward over trials' : 'Reward over trials, per search';
  return html`<section class="rewards-section"><h2>${heading}</h2>${renderRewardChart(input.searches.map(rewardSeriesInput))}</section>${input.searches.map(renderSearchSection)}`;
}

/** The whole HTML document; the same input always gives the same text. */
export function renderReport(input: ReportInput): string {
  const title = reportTitle(input);
  const generated = formatUtc(input.generatedAtMs);
  // The CSP is defence in depth: even a URL that slipped into the markup could not be fetched.
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${REPORT_STYLES}</head>
<body><header><h1>${title}</h1><p class="generated">Generated ${generated}.</p></header>${renderBody(input)}<footer>facenas: neural architecture search for face recognition. Reward = accuracy × (latency / T)<sup>w</sup> (MnasNet).</footer></body></html>
`.markup;
}
