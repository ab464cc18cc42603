import { describe, expect, it } from 'vitest';
import { MOBILEFACENET, blockSpec } from '../../common/search-space/index.js';
import type { ArchitectureSpec } from '../../common/search-space/index.js';
import { attribute, openingTags } from '../../../test/report/markup-queries.js';
import { blockLines, channelHeight, diagramLayout, layersWidth, renderArchitectureDiagram } from './architecture-diagram.js';

describe('architecture diagram', () => {
  it('has stem, five blocks, head and embedding in order', () => {
    expect(diagramLayout(MOBILEFACENET).boxes.map((b) => b.kind)).toEqual(['stem', 'ir', 'ir', 'ir', 'ir', 'ir', 'head', 'embedding']);
  });

  it("labels a block with its type, kernel, expansion, layers, channels, stride, activation and SE", () => {
    // MobileFaceNet block 0: ir, 3x3, t=2, 5 layers, 64 channels, stride 2, PReLU, no SE
    expect(blockLines(MOBILEFACENET.blocks[0])).toEqual(['ir k3 e2', '×5 64c s2', 'prelu']);
    const ds = blockSpec(2, { type: 'ds', kernel: 7, expansion: 4, layers: 1, se: true, width: 1.25, activation: 'hswish' });
    expect(blockLines(ds)).toEqual(['ds k7', '×1 160c', 'hswish SE']);
  });

  it('draws more layers wider and more channels taller', () => {
    expect(layersWidth(1)).toBe(34); // 26 + 8
    expect(layersWidth(6)).toBe(74);
    expect(channelHeight(32)).toBeCloseTo(20.8, 10); // 12 + 32/160 × 44
    expect(channelHeight(160)).toBe(56);
    const spec: ArchitectureSpec = {
      ...MOBILEFACENET,
      blocks: MOBILEFACENET.blocks.map((b, i) => blockSpec(i, { ...b, layers: i === 1 ? 6 : 1, width: i === 1 ? 1.25 : 0.5 })),
    };
    const [, narrow, wide] = diagramLayout(spec).boxes;
    expect(wide.width).toBeGreaterThan(narrow.width);
    expect(wide.height).toBeGreaterThan(narrow.height);
  });

  it('lays the columns out without overlap, inside the drawing', () => {
    const layout = diagramLayout(MOBILEFACENET);
    layout.boxes.slice(1).forEach((box, i) => {
      const previous = layout.boxes[i];
      expect(box.x).toBeGreaterThanOrEqual(previous.x + previous.columnWidth);
    });
    const last = layout.boxes[layout.boxes.length - 1];
    expect(last.x + last.columnWidth).toBeLessThanOrEqual(layout.width);
  });

  it('renders one rect per box and one arrow between neighbours', () => {
    const svg = renderArchitectureDiagram(MOBILEFACENET, 'abc').markup;
    expect(openingTags(svg, 'rect')).toHaveLength(8);
    expect(openingTags(svg, 'path').filter((t) => attribute(t, 'class') === 'arch-arrow')).toHaveLength(7);
    expect(attribute(openingTags(svg, 'svg')[0], 'data-architecture')).toBe('abc');
    expect(svg).toContain('>gdc<');
    expect(svg).toContain('>128-d<');
  });
});
