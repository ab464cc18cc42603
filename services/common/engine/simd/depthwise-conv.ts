import { WIDE, channelBlocks, multiplyAccumulate, storeAccumulators, zeroAccumulators } from './channel-blocks.js';
import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/** Parameter order of `depthwiseConv` (all i32; pointers are byte offsets into the heap). */
export const DEPTHWISE_CONV_PARAMS = [
  'x', 'w', 'y', 'batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth',
  'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'padTop', 'padLeft',
] as const;

/**
 * y[n, oh, ow, c] = Σ_{kh, kw} x[n, oh·sh + kh − pt, ow·sw + kw − pl, c] · w[kh, kw, c]
 * over NHWC float32 tensors (channels % 4 == 0), multiplier 1, no dilation.
 *
 * Why not XNNPACK's: the tfjs 4.22 build has depthwise micro-kernels for up to
 * 25 taps only, so a 7x7 depthwise conv falls back to a grouped GEMM with one
 * channel per group, ~5x slower per multiply-add than 3x3. Here each output
 * pixel accumulates 16 channels at a time in registers over its in-image taps
 * (the tap range is clipped once per pixel, so the inner loop has no branch).
 */
export function depthwiseConvFunction(): KernelFunction {
  const p = Object.fromEntries(DEPTHWISE_CONV_PARAMS.map((name, i) => [name, i])) as Record<(typeof DEPTHWISE_CONV_PARAMS)[number], number>;
  const f = new FunctionWriter(DEPTHWISE_CONV_PARAMS.length);
  const [n, oh, ow, kh, kw, pixelBytes, rowBytes, image, py, ihBase, iwBase, kh0, kh1, kw0, kw1, px, pw] = Array.from({ length: 17 }, () =>
    f.local(),
  );
  const acc = Array.from({ length: WIDE }, () => f.local('v128'));
  const zero = () => f.i32(0);
  const one = () => f.i32(1);
  /** max(0, −base) and min(k, size − base): the taps of a window starting at `base` that fall inside [0, size). */
  const clip = (base: number, k: number, size: number, first: number, end: number) => {
    f.i32(0).get(base).sub().tee(first);
    f.i32(0);
    f.get(first).i32(0).gtS().select().set(first);
    f.get(k);
    f.get(size).get(base).sub().tee(end);
    f.get(k).get(end).ltS().select().set(end);
  };
  f.get(p.channels).i32(2).shl().set(pixelBytes);
  f.get(pixelBytes).get(p.inWidth).mul().set(rowBytes);
  f.get(p.y).set(py);
  f.forRange(n, zero, () => f.get(p.batch), one, () => {
    f.get(p.x).get(n).get(p.inHeight).mul().get(rowBytes).mul().add().set(image);
    f.forRange(oh, zero, () => f.get(p.outHeight), one, () => {
      f.get(oh).get(p.strideHeight).mul().get(p.padTop).sub().set(ihBase);
      clip(ihBase, p.filterHeight, p.inHeight, kh0, kh1);
      f.forRange(ow, zero, () => f.get(p.outWidth), one, () => {
        f.get(ow).get(p.strideWidth).mul().get(p.padLeft).sub().set(iwBase);
        clip(iwBase, p.filterWidth, p.inWidth, kw0, kw1);
        channelBlocks(f, pixelBytes, (c, width) => {
          zeroAccumulators(f, acc, width);
          f.forRange(kh, () => f.get(kh0), () => f.get(kh1), one, () => {
            // px = image + (ihBase + kh)·rowBytes + (iwBase + kw0)·pixelBytes + c
            f.get(image).get(ihBase).get(kh).add().get(rowBytes).mul().add();
            f.get(iwBase).get(kw0).add().get(pixelBytes).mul().add().get(c).add().set(px);
            // pw = w + (kh·KW + kw0)·pixelBytes + c
            f.get(p.w).get(kh).get(p.filterWidth).mul().get(kw0).add().get(pixelBytes).mul().add().get(c).add().set(pw);
            f.forRange(kw, () => f.get(kw0), () => f.get(kw1), one, () => {
              multiplyAccumulate(f, acc, width, px, pw);
              f.get(px).get(pixelBytes).add().set(px);
              f.get(pw).get(pixelBytes).add().set(pw);
            });
          });
          f.get(py).get(c).add().set(px);
          storeAccumulators(f, acc, width, px);
        });
        f.get(py).get(pixelBytes).add().set(py);
      });
    });
  });
  return { name: 'depthwiseConv', params: DEPTHWISE_CONV_PARAMS.length, writer: f };
}
