import type { ConvGeometry } from './conv-geometry.js';

/**
 * im2col and its adjoint on plain arrays, for the full convolutions' gradients
 * (the search space has one: the stem, 3x3 stride 2 on 3 channels). Built from
 * tfjs ops the same gather took nine strided slices, pads and a concat of
 * 3-channel tensors, each a slow path on wasm; a JS loop over the values is
 * ~50x faster here and the copies in and out of the heap are a few MB.
 *
 * Row r = (n·OH + oh)·OW + ow, column (kh·KW + kw)·C + c, reading
 * x[n, oh·sh + kh − pt, ow·sw + kw − pl, c] (zero outside the image).
 */

function forEachTap(g: ConvGeometry, visit: (col: number, pixel: number) => void): void {
  const { batch, inHeight, inWidth, inChannels: c, outHeight, outWidth, filterHeight, filterWidth } = g;
  let col = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * g.strideHeight + kh - g.padTop;
          for (let kw = 0; kw < filterWidth; kw++, col += c) {
            const iw = ow * g.strideWidth + kw - g.padLeft;
            if (ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth) visit(col, ((n * inHeight + ih) * inWidth + iw) * c);
          }
        }
      }
    }
  }
}

/** [N·OH·OW, KH·KW·C] columns of NHWC `x`. */
export function im2col(x: Float32Array, g: ConvGeometry): Float32Array {
  const c = g.inChannels;
  const cols = new Float32Array(g.batch * g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * c);
  forEachTap(g, (col, pixel) => {
    for (let i = 0; i < c; i++) cols[col + i] = x[pixel + i];
  });
  return cols;
}

/** The adjoint of im2col: every column value added back onto the input pixel it was read from. */
export function col2im(cols: Float32Array, g: ConvGeometry): Float32Array {
  const c = g.inChannels;
  const x = new Float32Array(g.batch * g.inHeight * g.inWidth * c);
  forEachTap(g, (col, pixel) => {
    for (let i = 0; i < c; i++) x[pixel + i] += cols[col + i];
  });
  return x;
}
