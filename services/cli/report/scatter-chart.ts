// Accuracy against latency: every completed trial, the Pareto front as a step line,
// the MobileFaceNet baseline as a diamond, and the latency target T as a vertical line
// with the region beyond it shaded.

import { type AxisSpec, type PlotArea, type PlotScales, plotArea, plotScales, renderAxes } from './chart-axes.js';
import { dataExtent } from './data-extent.js';
import { niceAxis, tickDecimals } from './nice-ticks.js';
import { formatFixed, formatMs, formatPercent, formatReward } from './number-format.js';
import { html, type SafeHtml } from './safe-html.js';
import type { ScatterData, ScatterPoint } from './scatter-data.js';
import { pathData, roundPixel, stepVertices } from './step-path.js';

export interface ScatterOptions {
  searchId: string;
  /** Absent when the search has no latency target. */
  targetLatencyMs: number | undefined;
  device: string;
  accuracyLabel: string;
}

const WIDTH = 720;
const HEIGHT = 420;
const DIAMOND_RADIUS = 7;

// The axes are built only for a non-empty plot (see renderScatter), so the extents exist.
function accuracyAxis(points: readonly ScatterPoint[], label: string): AxisSpec {
  const extent = dataExtent(
    points.map((p) => p.accuracy),
    { padFraction: 0.08, clamp: [0, 1] },
  ) as [number, number];
  const axis = niceAxis(extent[0], extent[1], 5);
  const decimals = Math.max(0, tickDecimals(axis.step) - 2);
  return { axis, label, formatTick: (tick) => formatPercent(tick, decimals) };
}

function latencyAxis(points: readonly ScatterPoint[], options: ScatterOptions): AxisSpec {
  const extent = dataExtent(
    points.map((p) => p.latencyMs),
    { include: options.targetLatencyMs === undefined ? [] : [options.targetLatencyMs], padFraction: 0.05, clamp: [0, Infinity] },
  ) as [number, number];
  const axis = niceAxis(extent[0], extent[1], 6);
  const device = options.device ? ` on ${options.device}` : '';
  return { axis, label: `median latency${device} (ms)`, formatTick: (tick) => formatFixed(tick, tickDecimals(axis.step)) };
}

function tooltip(point: ScatterPoint): string {
  const name = point.baseline ? `${point.trialId} (MobileFaceNet baseline)` : point.trialId;
  return `${name}\naccuracy ${formatPercent(point.accuracy)} · latency ${formatMs(point.latencyMs)} · reward ${formatReward(point.reward)}`;
}

function pointClass(point: ScatterPoint): string {
  return ['point', point.baseline ? 'baseline' : '', point.onFront ? 'pareto' : ''].filter(Boolean).join(' ');
}

function renderPoint(point: ScatterPoint, scales: PlotScales): SafeHtml {
  const cx = roundPixel(scales.x(point.latencyMs));
  const cy = roundPixel(scales.y(point.accuracy));
  const title = html`<title>${tooltip(point)}</title>`;
  if (!point.baseline) {
    return html`<circle class="${pointClass(point)}" data-trial="${point.trialId}" cx="${cx}" cy="${cy}" r="${point.onFront ? 5.5 : 4.5}">${title}</circle>`;
  }
  const r = DIAMOND_RADIUS;
  // A path has no centre attribute; data-cx/data-cy give the diamond's, like a circle's cx/cy.
  const d = `M${cx},${roundPixel(cy - r)} L${roundPixel(cx + r)},${cy} L${cx},${roundPixel(cy + r)} L${roundPixel(cx - r)},${cy} Z`;
  return html`<path class="${pointClass(point)}" data-trial="${point.trialId}" data-cx="${cx}" data-cy="${cy}" d="${d}">${title}</path><text class="baseline-label" x="${roundPixel(cx + r + 4)}" y="${roundPixel(cy + 4)}">MobileFaceNet</text>`;
}

/** Plain points first, then the front, then the baseline, so the marked ones stay visible. */
function drawOrder(point: ScatterPoint): number {
  return point.baseline ? 2 : point.onFront ? 1 : 0;
}

function renderTarget(targetMs: number, area: PlotArea, scales: PlotScales): SafeHtml {
  const x = roundPixel(scales.x(targetMs));
  return html`<rect class="over-target" x="${x}" y="${area.top}" width="${roundPixel(area.right - x)}" height="${area.bottom - area.top}"/><line class="latency-target" data-latency-ms="${targetMs}" x1="${x}" x2="${x}" y1="${area.top}" y2="${area.bottom}"/><text class="target-label" x="${x + 4}" y="${area.top + 12}">T = ${formatMs(targetMs)}</text>`;
}

function renderFront(front: readonly ScatterPoint[], scales: PlotScales): SafeHtml | false {
  if (front.length === 0) return false;
  const vertices = stepVertices(front.map((p) => [scales.x(p.latencyMs), scales.y(p.accuracy)]));
  return html`<path class="pareto-front" data-trials="${front.map((p) => p.trialId).join(' ')}" d="${pathData(vertices)}"/>`;
}

function caption(data: ScatterData): string {
  const { points, front, unplotted } = data;
  const plotted = `${points.length} completed ${points.length === 1 ? 'trial' : 'trials'} plotted, ${front.length} on the Pareto front.`;
  const unplottedParts: Array<[string, number]> = [
    ['failed', unplotted.failed],
    ['killed', unplotted.killed],
    ['still queued or running', unplotted.pending],
    ['completed without accuracy or latency', unplotted.withoutMetrics],
  ];
  const parts = unplottedParts
    .filter(([, count]) => count > 0)
    .map(([what, count]) => `${count} ${what}`);
  return parts.length > 0 ? `${plotted} Not plotted: ${parts.join(', ')}.` : plotted;
}

function renderLegend(data: ScatterData, hasTarget: boolean): SafeHtml {
  return html`<ul class="legend"><li><span class="swatch swatch-point"></span>trial</li>${data.front.length > 0 && html`<li><span class="swatch swatch-pareto"></span>Pareto front</li>`}${data.points.some((p) => p.baseline) && html`<li><span class="swatch swatch-baseline"></span>MobileFaceNet baseline</li>`}${hasTarget && html`<li><span class="swatch swatch-target"></span>latency target T (shaded: slower)</li>`}</ul>`;
}

function renderChart(data: ScatterData, options: ScatterOptions): SafeHtml {
  const area = plotArea(WIDTH, HEIGHT);
  const x = latencyAxis(data.points, options);
  const y = accuracyAxis(data.points, options.accuracyLabel);
  const scales = plotScales(area, x.axis, y.axis);
  const points = [...data.points].sort((a, b) => drawOrder(a) - drawOrder(b)).map((p) => renderPoint(p, scales));
  return html`<svg class="scatter" data-search="${options.searchId}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="accuracy against latency of every completed trial">${options.targetLatencyMs !== undefined && renderTarget(options.targetLatencyMs, area, scales)}${renderAxes(area, scales, x, y)}${renderFront(data.front, scales)}<g class="points">${points}</g></svg>${renderLegend(data, options.targetLatencyMs !== undefined)}`;
}

export function renderScatter(data: ScatterData, options: ScatterOptions): SafeHtml {
  const body = data.points.length > 0 ? renderChart(data, options) : html`<p class="empty">No completed trials yet: nothing to plot.</p>`;
  return html`<figure class="scatter-figure">${body}<figcaption>${caption(data)}</figcaption></figure>`;
}
