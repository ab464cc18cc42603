import { describe, expect, it } from 'vitest';
import { pixelVerification } from './pixel-calibration.js';
import { renderFace } from './render-face.js';
import { DEFAULT_SYNTHETIC_OPTIONS } from './synthetic-options.js';

const OPTS = { ...DEFAULT_SYNTHETIC_OPTIONS, size: 64 };

describe('synthetic identities against raw pixels', () => {
  it('keep 10-fold pixel verification below 70% at default knobs, yet same-person photos correlate more', () => {
    const result = pixelVerification(OPTS);
    console.log(`[synthetic] pixel baseline, strength 1, spread 1, 64x64, 3000 pairs: ${(result.accuracy * 100).toFixed(1)}% ± ${(result.std * 100).toFixed(1)}; mean cosine same ${result.sameMeanCosine.toFixed(3)}, different ${result.differentMeanCosine.toFixed(3)}`);
    expect(result.accuracy).toBeLessThan(0.7);
    // Better than a coin: the identity is in the pixels, just buried under the nuisances.
    expect(result.accuracy).toBeGreaterThan(0.52);
    expect(result.sameMeanCosine).toBeGreaterThan(result.differentMeanCosine + 0.03);
  });

  it('are easy for raw pixels without nuisances (strength 0): the identities are learnable', () => {
    const result = pixelVerification({ ...OPTS, strength: 0 }, { identities: 40, imagesPerIdentity: 3, pairs: 600, folds: 10, pairSeed: 7 });
    console.log(`[synthetic] pixel baseline, strength 0, 64x64, 600 pairs: ${(result.accuracy * 100).toFixed(1)}%`);
    expect(result.accuracy).toBeGreaterThan(0.95);
  });

  it('prints the single-thread render rate at 64x64 (measured, not asserted)', () => {
    for (let i = 0; i < 20; i++) renderFace(OPTS, i, 0);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let bytes = 0;
    for (let i = 0; i < 200; i++) bytes += renderFace(OPTS, i, 3).pixels.length;
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    expect(bytes).toBe(200 * 64 * 64 * 3);
    console.log(`[synthetic] renderFace, 1 thread, 64x64: ${(200 / wall).toFixed(0)} images/s wall, ${(200 / ((used.user + used.system) / 1e6)).toFixed(0)} per CPU-second`);
  });
});
