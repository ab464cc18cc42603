import { describe, expect, it } from 'vitest';
import { type ArchitectureSpec, type BlockChoices, blockSpec } from './architecture.js';
import { countMadds, countParameters } from './cost.js';
import { layerConfigs } from './layer-configs.js';
import { MOBILEFACENET } from './mobilefacenet.js';

/** Every block ds k3, one layer, width 0.5, ReLU, no SE; GAP head to 128; 32x32 input. */
const TINY: ArchitectureSpec = {
  space: 'mobilefacenet-v1',
  blocks: Array.from({ length: 5 }, (_, i) =>
    blockSpec(i, { type: 'ds', kernel: 3, expansion: 1, layers: 1, se: false, width: 0.5, activation: 'relu' } satisfies BlockChoices),
  ),
  head: { type: 'gap', embedding: 128 },
};

describe('cost model', () => {
  it('counts the MAdds of a tiny architecture as worked out by hand', () => {
    // channels: stem 64 → 32 → 64 → 64 → 64 → 64; sizes 32 → 16 (stem) → 8 → 4 → 4 → 2 → 2
    const byHand =
      16 * 16 * 64 * 27 + // stem conv 3x3x3 → 64, stride 2
      16 * 16 * 64 * 9 + // stem depthwise
      (8 * 8 * 64 * 9 + 8 * 8 * 64 * 32) + // block 0: dw s2, pw 64→32
      (4 * 4 * 32 * 9 + 4 * 4 * 32 * 64) + // block 1: dw s2, pw 32→64
      (4 * 4 * 64 * 9 + 4 * 4 * 64 * 64) + // block 2
      (2 * 2 * 64 * 9 + 2 * 2 * 64 * 64) + // block 3: dw s2
      (2 * 2 * 64 * 9 + 2 * 2 * 64 * 64) + // block 4
      (2 * 2 * 64 * 512 + 512 * 128); // head: 1x1 → 512, GAP, dense → 128
    expect(byHand).toBe(1_103_872);
    expect(countMadds(TINY, 32)).toBe(byHand);
  });

  it('counts the parameters of the tiny architecture as worked out by hand', () => {
    const bn = (c: number): number => 4 * c; // gamma, beta, moving mean, moving variance
    const byHand =
      (27 * 64 + bn(64) + 64) + // stem conv + BN + PReLU
      (9 * 64 + bn(64) + 64) + // stem dw + BN + PReLU
      (9 * 64 + bn(64) + 64 * 32 + bn(32)) +
      (9 * 32 + bn(32) + 32 * 64 + bn(64)) +
      3 * (9 * 64 + bn(64) + 64 * 64 + bn(64)) +
      (64 * 512 + bn(512) + 512) + // head 1x1 + BN + PReLU
      (512 * 128 + bn(128)); // dense (no bias) + BN
    expect(byHand).toBe(125_600);
    expect(countParameters(TINY, 32)).toBe(byHand);
    expect(countParameters(TINY, 32, { numClasses: 10 })).toBe(byHand + 128 * 10);
  });

  it('counts SE and GDC as stated', () => {
    const withSe: ArchitectureSpec = { ...TINY, blocks: TINY.blocks.map((b, i) => (i === 4 ? { ...b, se: true } : b)) };
    // SE on 64 channels: squeeze to 16; FC 64→16 (+bias) and 16→64 (+bias)
    expect(countParameters(withSe, 32) - countParameters(TINY, 32)).toBe(64 * 16 + 16 + 16 * 64 + 64);
    expect(countMadds(withSe, 32) - countMadds(TINY, 32)).toBe(2 * 64 * 16);
    const gdc: ArchitectureSpec = { ...TINY, head: { type: 'gdc', embedding: 128 } };
    // GDC: depthwise 2x2 on 512 channels + BN; the linear 1x1 conv replaces the dense (same weights)
    expect(countParameters(gdc, 32) - countParameters(TINY, 32)).toBe(2 * 2 * 512 + 4 * 512);
    expect(countMadds(gdc, 32) - countMadds(TINY, 32)).toBe(2 * 2 * 512);
  });

  it('MobileFaceNet at 112: 221 M MAdds as in the paper, params compared with the paper (0.99 M)', () => {
    const madds = countMadds(MOBILEFACENET, 112);
    const params = countParameters(MOBILEFACENET, 112);
    const configs = layerConfigs(MOBILEFACENET, 112);
    const bnChannels = configs.reduce((sum, c) => {
      const u = c.unit;
      if (u.kind === 'head') return sum + 512 + (u.type === 'gdc' ? 512 : 0) + u.embedding;
      return sum + (u.kind === 'depthwise' ? u.channels : u.out);
    }, 0);
    const preluChannels = configs.reduce((sum, c) => {
      const u = c.unit;
      if (u.kind === 'head') return sum + 512;
      if (u.activation !== 'prelu') return sum;
      return sum + (u.kind === 'depthwise' ? u.channels : u.out);
    }, 0);
    const weightsOnly = params - 4 * bnChannels - preluChannels;
    console.log(
      `MobileFaceNet@112: ${(madds / 1e6).toFixed(2)} M MAdds (paper 221 M); ${params} params in the tfjs model ` +
        `(trainable ${params - 2 * bnChannels}; conv/linear weights only ${weightsOnly}; paper 0.99 M)`,
    );
    expect(madds).toBe(220_965_376);
    expect(Math.abs(madds - 221e6) / 221e6).toBeLessThan(0.01);
    expect(params).toBe(1_022_720);
    expect(weightsOnly).toBe(976_000);
    expect(params - 2 * bnChannels).toBe(1_003_136);
    // tfjs counts BN's moving mean/variance too (+19 k) and PReLU alphas (+7.7 k). The
    // paper's 0.99 M lies between the convolution/linear weights alone (0.976 M, −1.4%)
    // and everything trainable (0.998 M + PReLU = 1.003 M, +1.3%); it matches weights plus
    // BN affine parameters (0.995 M). All within 3.5% of the paper.
    expect(weightsOnly).toBeLessThan(0.99e6);
    expect(params - 2 * bnChannels).toBeGreaterThan(0.99e6);
    expect(Math.abs(weightsOnly + 2 * bnChannels - 0.99e6) / 0.99e6).toBeLessThan(0.01);
    expect(Math.abs(params - 0.99e6) / 0.99e6).toBeLessThan(0.035);
  });
});
