// The per-image backdrop: a linear or radial colour gradient, soft blotches, panel
// stripes, grain, and clutter shapes, painted in image coordinates into a float RGB
// buffer before the head is ray cast over it.
import type { BackgroundParams } from './image-nuisances.js';
import { hashToUnit } from './pixel-hash.js';

/** Per-row or per-column factors of sin(2π(f·x) + phase) = sin·cos + cos·sin, so the 2-D waves cost two products per pixel. */
function waveFactors(size: number, frequency: number, phase: number): { sin: Float64Array; cos: Float64Array } {
  const sin = new Float64Array(size);
  const cos = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const a = 2 * Math.PI * frequency * (i / size) + phase;
    sin[i] = Math.sin(a);
    cos[i] = Math.cos(a);
  }
  return { sin, cos };
}

export function paintBackground(bg: BackgroundParams, grainSeed: number, size: number, rgb: Float32Array): void {
  const [dx, dy] = bg.direction;
  const w = bg.waves;
  const ax = waveFactors(size, w[0], w[2]);
  const ay = waveFactors(size, w[1], 0);
  const bx = waveFactors(size, w[3], w[5]);
  const by = waveFactors(size, w[4], 0);
  const stripe = new Float64Array(size);
  for (let u = 0; u < size; u++) stripe[u] = Math.sin(2 * Math.PI * bg.stripeFrequency * (u / size)) > 0 ? 1 + bg.stripes : 1 - bg.stripes;
  const blotch = bg.blotch * 0.5;
  for (let v = 0; v < size; v++) {
    const fy = v / size;
    for (let u = 0; u < size; u++) {
      const fx = u / size;
      let t = bg.radial ? Math.hypot(fx - 0.5, fy - 0.5) * 1.5 : (fx - 0.5) * dx + (fy - 0.5) * dy + 0.5;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const waves = ax.sin[u] * ay.cos[v] + ax.cos[u] * ay.sin[v] + bx.sin[u] * by.cos[v] + bx.cos[u] * by.sin[v];
      let k = (1 + blotch * waves) * stripe[u];
      if (bg.grain > 0) k *= 1 + bg.grain * (hashToUnit(grainSeed, v * size + u) - 0.5) * 2;
      const o = (v * size + u) * 3;
      rgb[o] = (bg.from[0] + (bg.to[0] - bg.from[0]) * t) * k;
      rgb[o + 1] = (bg.from[1] + (bg.to[1] - bg.from[1]) * t) * k;
      rgb[o + 2] = (bg.from[2] + (bg.to[2] - bg.from[2]) * t) * k;
    }
  }
  for (const shape of bg.clutter) {
    const u0 = Math.max(0, Math.floor((shape.cx - shape.hw) * size));
    const u1 = Math.min(size - 1, Math.ceil((shape.cx + shape.hw) * size));
    const v0 = Math.max(0, Math.floor((shape.cy - shape.hh) * size));
    const v1 = Math.min(size - 1, Math.ceil((shape.cy + shape.hh) * size));
    for (let v = v0; v <= v1; v++) {
      const ny = (v / size - shape.cy) / shape.hh;
      for (let u = u0; u <= u1; u++) {
        const nx = (u / size - shape.cx) / shape.hw;
        if (shape.ellipse ? nx * nx + ny * ny > 1 : nx < -1 || nx > 1 || ny < -1 || ny > 1) continue;
        // A little shading across the shape so it reads as an object, not a flat patch.
        const k = 0.85 + 0.15 * (1 - ny) * 0.5;
        const o = (v * size + u) * 3;
        rgb[o] = shape.colour[0] * k;
        rgb[o + 1] = shape.colour[1] * k;
        rgb[o + 2] = shape.colour[2] * k;
      }
    }
  }
}
