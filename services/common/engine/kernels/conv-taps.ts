import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry.js';

/**
 * The input windows a strided convolution reads, one [N, OH, OW, C] tensor per
 * filter tap (kh, kw): taps[kh * KW + kw][n, oh, ow, c] = xPadded[n, kh + s·oh, kw + s·ow, c].
 * Strided slices are slow on wasm, so a stride-s input is split once into its
 * s×s phases (reshape + plain slices); each tap is then a unit-stride slice of one phase.
 */
export function convTaps(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D[] {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = g;
  const [n, h, w, c] = x.shape;
  // Rows/cols the taps touch: (K - 1) + s·(O - 1) + 1, rounded up to whole phases.
  const needH = Math.ceil((kh - 1 + sh * (oh - 1) + 1) / sh) * sh;
  const needW = Math.ceil((kw - 1 + sw * (ow - 1) + 1) / sw) * sw;
  const bottom = needH - g.padTop - h;
  const right = needW - g.padLeft - w;
  let padded: tf.Tensor4D = x;
  if (g.padTop > 0 || g.padLeft > 0 || bottom > 0 || right > 0) {
    padded = tf.pad(x, [
      [0, 0],
      [g.padTop, Math.max(bottom, 0)],
      [g.padLeft, Math.max(right, 0)],
      [0, 0],
    ]);
  }
  if (bottom < 0 || right < 0) padded = tf.slice(padded, [0, 0, 0, 0], [n, needH, needW, c]);
  const phases: tf.Tensor4D[][] = [];
  if (sh === 1 && sw === 1) {
    phases.push([padded]);
  } else {
    const a = needH / sh;
    const b = needW / sw;
    // [N·A, sh, B, sw·C]: row phase on axis 1, column phase inside the channel axis.
    const grouped = tf.reshape(padded, [n * a, sh, b, sw * c]);
    for (let r = 0; r < sh; r++) {
      const row: tf.Tensor4D[] = [];
      for (let q = 0; q < sw; q++) {
        row.push(tf.reshape(tf.slice(grouped, [0, r, 0, q * c], [n * a, 1, b, c]), [n, a, b, c]));
      }
      phases.push(row);
    }
  }
  const taps: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const phase = phases[i % sh][j % sw];
      const i0 = Math.floor(i / sh);
      const j0 = Math.floor(j / sw);
      const whole = i0 === 0 && j0 === 0 && phase.shape[1] === oh && phase.shape[2] === ow;
      taps.push(whole ? phase : tf.slice(phase, [0, i0, j0, 0], [n, oh, ow, c]));
    }
  }
  return taps;
}

/**
 * dy spread back onto the stride grid and padded so that a unit-stride VALID
 * correlation with the flipped filter yields the input gradient:
 * dx[i] = Σ_k D[i + padTop − k]·w[k], with D[s·o] = dy[o] and zeros between.
 */
export function spreadGradient(dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = g;
  const [n, oh, ow, c] = dy.shape;
  let d: tf.Tensor4D = dy;
  if (sw > 1) {
    d = tf.reshape(tf.pad(tf.reshape(d, [n * oh, ow, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]), [n, oh, ow * sw, c]);
  }
  if (sh > 1) {
    const width = d.shape[2];
    d = tf.reshape(tf.pad(tf.reshape(d, [n, oh, 1, width * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]), [n, oh * sh, width, c]);
  }
  const top = kh - 1 - g.padTop;
  const left = kw - 1 - g.padLeft;
  const bottom = g.inHeight + kh - 1 - top - d.shape[1];
  const right = g.inWidth + kw - 1 - left - d.shape[2];
  if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    d = tf.pad(d, [
      [0, 0],
      [Math.max(top, 0), Math.max(bottom, 0)],
      [Math.max(left, 0), Math.max(right, 0)],
      [0, 0],
    ]);
  }
  if (top < 0 || left < 0 || bottom < 0 || right < 0) {
    d = tf.slice(d, [0, Math.max(-top, 0), Math.max(-left, 0), 0], [n, g.inHeight + kh - 1, g.inWidth + kw - 1, c]);
  }
  return d;
}

/**
 * For a unit-stride conv the spread gradient is dy itself plus borders: hand
 * those to the conv as explicit padding instead of copying dy into a padded
 * tensor. Undefined when a border would be negative (a crop).
 */
export function unitStridePadding(g: ConvGeometry, dy: tf.Tensor4D): tf.backend_util.ExplicitPadding | undefined {
  if (g.strideHeight !== 1 || g.strideWidth !== 1) return undefined;
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight + g.filterHeight - 1 - top - dy.shape[1];
  const right = g.inWidth + g.filterWidth - 1 - left - dy.shape[2];
  if (Math.min(top, left, bottom, right) < 0) return undefined;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}
