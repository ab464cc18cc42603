// The frame every chart of the report shares: plot area inside margins, grid lines at
// the ticks, tick labels and axis titles.

import { linearScale } from './linear-scale.js';
import type { NiceAxis } from './nice-ticks.js';
import { html, type SafeHtml } from './safe-html.js';
import { roundPixel } from './step-path.js';

export interface PlotArea {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface AxisSpec {
  axis: NiceAxis;
  label: string;
  formatTick: (tick: number) => string;
}

export interface PlotScales {
  x: (value: number) => number;
  y: (value: number) => number;
}

/** A chart of the report's size: room on the left for the y labels, below for the x labels. */
export function plotArea(width: number, height: number): PlotArea {
  return { width, height, left: 64, right: width - 20, top: 20, bottom: height - 48 };
}

export function plotScales(area: PlotArea, x: NiceAxis, y: NiceAxis): PlotScales {
  return { x: linearScale(x.domain, [area.left, area.right]), y: linearScale(y.domain, [area.bottom, area.top]) };
}

export function renderAxes(area: PlotArea, scales: PlotScales, x: AxisSpec, y: AxisSpec): SafeHtml {
  const xTicks = x.axis.ticks.map((tick) => {
    const px = roundPixel(scales.x(tick));
    return html`<line class="grid" x1="${px}" x2="${px}" y1="${area.top}" y2="${area.bottom}"/><text class="tick" x="${px}" y="${area.bottom + 16}" text-anchor="middle">${x.formatTick(tick)}</text>`;
  });
  const yTicks = y.axis.ticks.map((tick) => {
    const py = roundPixel(scales.y(tick));
    return html`<line class="grid" x1="${area.left}" x2="${area.right}" y1="${py}" y2="${py}"/><text class="tick" x="${area.left - 6}" y="${py + 4}" text-anchor="end">${y.formatTick(tick)}</text>`;
  });
  const middleX = roundPixel((area.left + area.right) / 2);
  const middleY = roundPixel((area.top + area.bottom) / 2);
  return html`<g class="axes">${xTicks}${yTicks}<rect class="frame" x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/><text class="axis-title" x="${middleX}" y="${area.height - 8}" text-anchor="middle">${x.label}</text><text class="axis-title" transform="translate(16 ${middleY}) rotate(-90)" text-anchor="middle">${y.label}</text></g>`;
}
