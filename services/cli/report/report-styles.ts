// The report's only stylesheet, inline: the file must render with no network, so
// system fonts only.

import { html } from './safe-html.js';

export const REPORT_STYLES = html`<style>
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --point: #0072B2; --pareto: #D55E00; --baseline: #111; --target: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.generated, figcaption, .empty { color: var(--muted); }
.empty { font-style: italic; }
figure { margin: 0; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; overflow-wrap: anywhere; }
svg text { font: 11px system-ui, -apple-system, "DejaVu Sans", sans-serif; fill: var(--ink); }
.grid { stroke: #eaeef2; }
.frame { fill: none; stroke: var(--line); }
.tick { fill: var(--muted); }
.axis-title { font-weight: 600; }
.point { fill: var(--point); fill-opacity: 0.55; stroke: var(--point); stroke-width: 1; }
.point.pareto { fill: var(--pareto); fill-opacity: 0.9; stroke: #6b2a00; }
.point.baseline { fill: #fff; fill-opacity: 1; stroke: var(--baseline); stroke-width: 2; }
.point.baseline.pareto { fill: var(--pareto); }
.baseline-label { font-weight: 600; }
.pareto-front { fill: none; stroke: var(--pareto); stroke-width: 2; }
.latency-target { stroke: var(--target); stroke-width: 1.5; stroke-dasharray: 5 4; }
.target-label { fill: var(--target); font-weight: 600; }
.over-target { fill: #fdf3f3; }
.running-best { fill: none; stroke-width: 2.25; }
.reward-point { fill-opacity: 0.45; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 6px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
.swatch-point { background: var(--point); opacity: 0.6; border-radius: 50%; }
.swatch-pareto { background: var(--pareto); border-radius: 50%; }
.swatch-baseline { border: 2px solid var(--baseline); transform: rotate(45deg) scale(0.8); border-radius: 0; }
.swatch-target { width: 0; border-left: 2px dashed var(--target); border-radius: 0; }
table.top-trials { border-collapse: collapse; width: 100%; }
.top-trials th, .top-trials td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: middle; }
.top-trials th { font-weight: 600; color: var(--muted); }
.top-trials .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.trial-id code { font-size: 12px; }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #eaeef2; }
.badge-baseline { background: #111; color: #fff; }
.badge-pareto { background: #fde3d3; color: #6b2a00; }
svg.architecture { max-width: 100%; height: auto; }
svg.architecture text { font: 9px ui-monospace, "DejaVu Sans Mono", monospace; }
.arch-box rect { stroke: #3d4852; stroke-width: 1; }
.arch-stem rect, .arch-head rect, .arch-embedding rect { fill: #e6e8eb; }
.arch-ir rect { fill: #cfe3f5; }
.arch-ds rect { fill: #d6f0e3; }
.arch-arrow { fill: none; stroke: #59636e; stroke-width: 1; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
</style>`;
