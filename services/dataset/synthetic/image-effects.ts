// Camera-side effects on the float RGB image: an occluding object in front of the
// face, white balance and exposure, lens blur, sensor noise, then 8-bit quantisation.
import type { Rgb } from './identity-params.js';
import type { OccluderParams } from './image-nuisances.js';
import { hashToUnit } from './pixel-hash.js';

export function paintOccluder(occ: OccluderParams, size: number, rgb: Float32Array): void {
  const cos = Math.cos(occ.angle);
  const sin = Math.sin(occ.angle);
  const reach = Math.hypot(occ.hw, occ.hh);
  const u0 = Math.max(0, Math.floor((occ.cx - reach) * size));
  const u1 = Math.min(size - 1, Math.ceil((occ.cx + reach) * size));
  const v0 = Math.max(0, Math.floor((occ.cy - reach) * size));
  const v1 = Math.min(size - 1, Math.ceil((occ.cy + reach) * size));
  for (let v = v0; v <= v1; v++) {
    for (let u = u0; u <= u1; u++) {
      const x = u / size - occ.cx;
      const y = v / size - occ.cy;
      const nx = (x * cos + y * sin) / occ.hw;
      const ny = (-x * sin + y * cos) / occ.hh;
      if (occ.ellipse ? nx * nx + ny * ny > 1 : nx < -1 || nx > 1 || ny < -1 || ny > 1) continue;
      const k = (0.8 + 0.2 * (1 - ny) * 0.5) * (occ.stripes > 0 && Math.sin(nx * 12) > 0 ? 1 - occ.stripes : 1);
      const o = (v * size + u) * 3;
      rgb[o] = occ.colour[0] * k;
      rgb[o + 1] = occ.colour[1] * k;
      rgb[o + 2] = occ.colour[2] * k;
    }
  }
}

export function applyColourGains(gains: Rgb, exposure: number, rgb: Float32Array): void {
  const r = gains[0] * exposure;
  const g = gains[1] * exposure;
  const b = gains[2] * exposure;
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] *= r;
    rgb[i + 1] *= g;
    rgb[i + 2] *= b;
  }
}

function gaussianKernel(sigma: number): Float64Array {
  // ±2σ keeps 95% of the weight; the lost tail is renormalised away.
  const radius = Math.max(1, Math.ceil(sigma * 2));
  const kernel = new Float64Array(radius * 2 + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** Blurs one line of `count` RGB pixels `stride` floats apart, reading `src` and writing `dst`, edges clamped. */
function blurLine(src: Float32Array, dst: Float32Array, start: number, stride: number, count: number, kernel: Float64Array): void {
  const radius = (kernel.length - 1) / 2;
  const last = count - 1;
  for (let i = 0; i < count; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    const interior = i >= radius && i <= last - radius;
    for (let j = -radius; j <= radius; j++) {
      const at = interior ? i + j : i + j < 0 ? 0 : i + j > last ? last : i + j;
      const o = start + at * stride;
      const w = kernel[j + radius];
      r += src[o] * w;
      g += src[o + 1] * w;
      b += src[o + 2] * w;
    }
    const o = start + i * stride;
    dst[o] = r;
    dst[o + 1] = g;
    dst[o + 2] = b;
  }
}

/** Separable Gaussian blur with clamped edges; `scratch` has the image's length. */
export function gaussianBlur(rgb: Float32Array, size: number, sigma: number, scratch: Float32Array): void {
  if (sigma < 0.05) return;
  const kernel = gaussianKernel(sigma);
  for (let v = 0; v < size; v++) blurLine(rgb, scratch, v * size * 3, 3, size, kernel);
  for (let u = 0; u < size; u++) blurLine(scratch, rgb, u * 3, size * 3, size, kernel);
}

/** Adds uniform sensor noise of standard deviation `std` and quantises to 8 bits. */
export function quantiseWithNoise(rgb: Float32Array, std: number, noiseSeed: number, out: Uint8Array): void {
  // Uniform on [-a, a) has std a/sqrt(3).
  const amp = std * 255 * Math.sqrt(3) * 2;
  for (let i = 0; i < rgb.length; i++) {
    let x = rgb[i] * 255 + 0.5;
    if (amp > 0) x += amp * (hashToUnit(noiseSeed, i) - 0.5);
    out[i] = x <= 0 ? 0 : x >= 255 ? 255 : x;
  }
}
