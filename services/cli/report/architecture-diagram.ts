// An architecture as a row of boxes: stem → blocks → head → embedding. A block's
// height grows with its output channels and its width with its layer count, so deep
// and wide blocks stand out at a glance; its text gives the exact choices.

import type { ArchitectureSpec, BlockSpec } from '../../common/search-space/index.js';
import { HEAD_CHANNELS, STEM_CHANNELS } from '../../common/search-space/index.js';
import { html, type SafeHtml } from './safe-html.js';
import { roundPixel } from './step-path.js';

export type DiagramBoxKind = 'stem' | 'ir' | 'ds' | 'head' | 'embedding';

export interface DiagramBox {
  kind: DiagramBoxKind;
  /** Left edge of the box's column; the box is centred in it. */
  x: number;
  columnWidth: number;
  width: number;
  height: number;
  lines: string[];
}

export interface DiagramLayout {
  boxes: DiagramBox[];
  width: number;
  height: number;
  /** The line through the boxes' centres. */
  axisY: number;
}

const MAX_CHANNELS = 160; // 128 base channels × width 1.25
const MIN_BOX_HEIGHT = 12;
const MAX_BOX_HEIGHT = 56;
const LAYER_WIDTH = 8;
const BASE_BOX_WIDTH = 26;
// Nine characters of 9px monospace: the longest label line.
const MIN_COLUMN_WIDTH = 56;
const GAP = 12;
const LINE_HEIGHT = 11;
const PADDING = 4;

/** Box height for a fraction of the largest size; a floor keeps the thinnest box readable. */
function proportionalHeight(fraction: number): number {
  return MIN_BOX_HEIGHT + Math.min(fraction, 1) * (MAX_BOX_HEIGHT - MIN_BOX_HEIGHT);
}

export function channelHeight(channels: number): number {
  return proportionalHeight(channels / MAX_CHANNELS);
}

export function layersWidth(layers: number): number {
  return BASE_BOX_WIDTH + layers * LAYER_WIDTH;
}

export function blockLines(block: BlockSpec): string[] {
  const expansion = block.type === 'ir' ? ` e${block.expansion}` : '';
  const stride = block.stride > 1 ? ` s${block.stride}` : '';
  return [`${block.type} k${block.kernel}${expansion}`, `×${block.layers} ${block.channels}c${stride}`, `${block.activation}${block.se ? ' SE' : ''}`];
}

interface BoxShape {
  kind: DiagramBoxKind;
  width: number;
  height: number;
  lines: string[];
}

function shapes(spec: ArchitectureSpec): BoxShape[] {
  return [
    { kind: 'stem', width: layersWidth(1), height: channelHeight(STEM_CHANNELS), lines: ['stem', 'conv3 s2', `${STEM_CHANNELS}c`] },
    ...spec.blocks.map((b) => ({ kind: b.type, width: layersWidth(b.layers), height: channelHeight(b.channels), lines: blockLines(b) })),
    { kind: 'head', width: layersWidth(1), height: MAX_BOX_HEIGHT, lines: [spec.head.type, `${HEAD_CHANNELS}c`] },
    {
      kind: 'embedding',
      width: layersWidth(1),
      height: proportionalHeight(spec.head.embedding / HEAD_CHANNELS),
      lines: ['embedding', `${spec.head.embedding}-d`],
    },
  ];
}

export function diagramLayout(spec: ArchitectureSpec): DiagramLayout {
  let x = PADDING;
  const boxes = shapes(spec).map((shape) => {
    const columnWidth = Math.max(shape.width, MIN_COLUMN_WIDTH);
    const box = { ...shape, x, columnWidth };
    x += columnWidth + GAP;
    return box;
  });
  const axisY = PADDING + MAX_BOX_HEIGHT / 2;
  const maxLines = Math.max(...boxes.map((b) => b.lines.length));
  return { boxes, width: x - GAP + PADDING, height: PADDING + MAX_BOX_HEIGHT + 4 + maxLines * LINE_HEIGHT + PADDING, axisY };
}

function renderBox(box: DiagramBox, axisY: number): SafeHtml {
  const left = roundPixel(box.x + (box.columnWidth - box.width) / 2);
  const top = roundPixel(axisY - box.height / 2);
  const centre = roundPixel(box.x + box.columnWidth / 2);
  const labelTop = axisY + MAX_BOX_HEIGHT / 2 + 4 + LINE_HEIGHT - 2;
  const lines = box.lines.map((line, i) => html`<text x="${centre}" y="${roundPixel(labelTop + i * LINE_HEIGHT)}" text-anchor="middle">${line}</text>`);
  return html`<g class="arch-box arch-${box.kind}"><rect x="${left}" y="${top}" width="${box.width}" height="${roundPixel(box.height)}" rx="3"/>${lines}</g>`;
}

function renderArrow(from: DiagramBox, to: DiagramBox, axisY: number): SafeHtml {
  const x1 = roundPixel(from.x + (from.columnWidth + from.width) / 2);
  const x2 = roundPixel(to.x + (to.columnWidth - to.width) / 2);
  return html`<path class="arch-arrow" d="M${x1},${axisY} L${x2},${axisY} M${roundPixel(x2 - 4)},${axisY - 3} L${x2},${axisY} L${roundPixel(x2 - 4)},${axisY + 3}"/>`;
}

export function renderArchitectureDiagram(spec: ArchitectureSpec, architectureId: string): SafeHtml {
  const layout = diagramLayout(spec);
  const boxes = layout.boxes.map((box) => renderBox(box, layout.axisY));
  const arrows = layout.boxes.slice(1).map((box, i) => renderArrow(layout.boxes[i], box, layout.axisY));
  const summary = layout.boxes.map((b) => b.lines.join(' ')).join(' → ');
  return html`<svg class="architecture" data-architecture="${architectureId}" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${summary}">${arrows}${boxes}</svg>`;
}
