// Reward against trial index for one or more searches (one per strategy, say): each
// trial's reward as a faint dot and the running best as a step line, one colour per
// search, with a legend.

import { type AxisSpec, type PlotScales, plotArea, plotScales, renderAxes } from './chart-axes.js';
import { dataExtent } from './data-extent.js';
import { niceAxis, tickDecimals } from './nice-ticks.js';
import { formatFixed, formatReward } from './number-format.js';
import { type RewardPoint, runningBest } from './reward-series.js';
import { html, type SafeHtml } from './safe-html.js';
import { seriesColour } from './series-colours.js';
import { pathData, roundPixel, stepVertices } from './step-path.js';

export interface RewardSeriesInput {
  searchId: string;
  label: string;
  points: RewardPoint[];
}

const WIDTH = 720;
const HEIGHT = 360;

// The axes are built only when some series has a reward (see renderRewardChart), so the extents exist.
function indexAxis(series: readonly RewardSeriesInput[]): AxisSpec {
  const indices = series.flatMap((s) => s.points.map((p) => p.index));
  // No margin: whole-step ticks already end on the first and last index.
  const extent = dataExtent(indices, { padFraction: 0, clamp: [0, Infinity] }) as [number, number];
  return { axis: niceAxis(extent[0], extent[1], 8, 1), label: 'trial index', formatTick: (tick) => formatFixed(tick, 0) };
}

function rewardAxis(series: readonly RewardSeriesInput[]): AxisSpec {
  const rewards = series.flatMap((s) => s.points.map((p) => p.reward));
  const extent = dataExtent(rewards, { padFraction: 0.08 }) as [number, number];
  const axis = niceAxis(extent[0], extent[1], 5);
  return { axis, label: 'reward', formatTick: (tick) => formatFixed(tick, tickDecimals(axis.step)) };
}

function renderSeries(series: RewardSeriesInput, colour: string, scales: PlotScales): SafeHtml {
  const dots = series.points.map(
    (p) =>
      html`<circle class="reward-point" data-trial="${p.trialId}" cx="${roundPixel(scales.x(p.index))}" cy="${roundPixel(scales.y(p.reward))}" r="3" fill="${colour}"><title>${p.trialId}: reward ${formatReward(p.reward)}</title></circle>`,
  );
  const best = stepVertices(runningBest(series.points).map((b) => [scales.x(b.index), scales.y(b.best)]));
  const line = best.length > 0 && html`<path class="running-best" d="${pathData(best)}" stroke="${colour}"/>`;
  return html`<g class="reward-series" data-search="${series.searchId}">${line}${dots}</g>`;
}

function renderLegend(series: readonly RewardSeriesInput[]): SafeHtml {
  const items = series.map((s, i) => {
    const best = s.points.length > 0 ? formatReward(Math.max(...s.points.map((p) => p.reward))) : 'none';
    const count = `${s.points.length} rewarded ${s.points.length === 1 ? 'trial' : 'trials'}`;
    return html`<li><span class="swatch" style="background:${seriesColour(i)}"></span>${s.label} (${count}, best ${best})</li>`;
  });
  return html`<ul class="legend reward-legend">${items}</ul>`;
}

export function renderRewardChart(series: readonly RewardSeriesInput[]): SafeHtml {
  if (series.every((s) => s.points.length === 0)) {
    return html`<figure class="reward-figure"><p class="empty">No rewarded trials yet: nothing to plot.</p></figure>`;
  }
  const area = plotArea(WIDTH, HEIGHT);
  const x = indexAxis(series);
  const y = rewardAxis(series);
  const scales = plotScales(area, x.axis, y.axis);
  const lines = series.map((s, i) => renderSeries(s, seriesColour(i), scales));
  return html`<figure class="reward-figure"><svg class="rewards" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="reward of each trial and the running best, per search">${renderAxes(area, scales, x, y)}${lines}</svg>${renderLegend(series)}<figcaption>Dots: each trial's reward. Lines: the best reward so far.</figcaption></figure>`;
}
