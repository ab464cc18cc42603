import { WIDE, channelBlocks, multiplyAccumulate, storeAccumulators, zeroAccumulators } from './channel-blocks.js';
import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/** Parameter order of `depthwiseInputGradient` (all i32; pointers are byte offsets into the heap). */
export const DEPTHWISE_INPUT_GRADIENT_PARAMS = [
  'dy', 'w', 'dx', 'batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth',
  'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'padTop', 'padLeft',
] as const;

/**
 * dx[n, ih, iw, c] = Σ dy[n, oh, ow, c] · w[kh, kw, c] over the taps with
 * oh·sh + kh − pt = ih and ow·sw + kw − pl = iw, NHWC float32 (channels % 4 == 0).
 *
 * Gathered per input pixel, so any stride needs no zero-spread copy of dy (a
 * stride-2 layer would otherwise do 4x the multiply-adds on a padded tensor):
 * for t = ih + pt the taps are kh ≡ t (mod sh) with 0 ≤ (t − kh)/sh < OH, found
 * once per pixel; each step kh += sh moves one output row up.
 */
export function depthwiseInputGradientFunction(): KernelFunction {
  const p = Object.fromEntries(DEPTHWISE_INPUT_GRADIENT_PARAMS.map((name, i) => [name, i])) as Record<
    (typeof DEPTHWISE_INPUT_GRADIENT_PARAMS)[number],
    number
  >;
  const f = new FunctionWriter(DEPTHWISE_INPUT_GRADIENT_PARAMS.length);
  const [n, ih, iw, kh, kw, pixelBytes, outRowBytes, image, pdx] = Array.from({ length: 9 }, () => f.local());
  const [khStart, khEnd, ohStart, kwStart, kwEnd, owStart, oh, pdy, pw, pwStep] = Array.from({ length: 10 }, () => f.local());
  const acc = Array.from({ length: WIDE }, () => f.local('v128'));
  const zero = () => f.i32(0);
  const one = () => f.i32(1);
  /**
   * For position `i` (+ pad) along an axis with stride s, filter k and output size o:
   * start = the first tap kh ≥ max(0, t − s·(o − 1)) with kh ≡ t (mod s), end = min(k, t + 1),
   * first output = (t − start) / s.
   */
  const taps = (i: number, pad: number, s: number, k: number, o: number, start: number, end: number, first: number) => {
    const t = first; // reuse `first` as t until the end
    f.get(i).get(pad).add().set(t);
    f.get(t).get(s).get(o).i32(1).sub().mul().sub().tee(start);
    f.i32(0);
    f.get(start).i32(0).gtS().select().set(start);
    f.get(start).get(t).get(start).sub().get(s).remU().add().set(start);
    f.get(k);
    f.get(t).i32(1).add().tee(end);
    f.get(k).get(end).ltS().select().set(end);
    f.get(t).get(start).sub().get(s).divU().set(first);
  };
  f.get(p.channels).i32(2).shl().set(pixelBytes);
  f.get(pixelBytes).get(p.outWidth).mul().set(outRowBytes);
  f.get(pixelBytes).get(p.strideWidth).mul().set(pwStep);
  f.get(p.dx).set(pdx);
  f.forRange(n, zero, () => f.get(p.batch), one, () => {
    f.get(p.dy).get(n).get(p.outHeight).mul().get(outRowBytes).mul().add().set(image);
    f.forRange(ih, zero, () => f.get(p.inHeight), one, () => {
      taps(ih, p.padTop, p.strideHeight, p.filterHeight, p.outHeight, khStart, khEnd, ohStart);
      f.forRange(iw, zero, () => f.get(p.inWidth), one, () => {
        taps(iw, p.padLeft, p.strideWidth, p.filterWidth, p.outWidth, kwStart, kwEnd, owStart);
        channelBlocks(f, pixelBytes, (c, width) => {
          zeroAccumulators(f, acc, width);
          f.get(ohStart).set(oh);
          f.forRange(kh, () => f.get(khStart), () => f.get(khEnd), () => f.get(p.strideHeight), () => {
            // pdy = image + oh·outRowBytes + owStart·pixelBytes + c; pw = w + (kh·KW + kwStart)·pixelBytes + c
            f.get(image).get(oh).get(outRowBytes).mul().add().get(owStart).get(pixelBytes).mul().add().get(c).add().set(pdy);
            f.get(p.w).get(kh).get(p.filterWidth).mul().get(kwStart).add().get(pixelBytes).mul().add().get(c).add().set(pw);
            f.forRange(kw, () => f.get(kwStart), () => f.get(kwEnd), () => f.get(p.strideWidth), () => {
              multiplyAccumulate(f, acc, width, pdy, pw);
              f.get(pdy).get(pixelBytes).sub().set(pdy);
              f.get(pw).get(pwStep).add().set(pw);
            });
            f.get(oh).i32(1).sub().set(oh);
          });
          f.get(pdx).get(c).add().set(pdy);
          storeAccumulators(f, acc, width, pdy);
        });
        f.get(pdx).get(pixelBytes).add().set(pdx);
      });
    });
  });
  return { name: 'depthwiseInputGradient', params: DEPTHWISE_INPUT_GRADIENT_PARAMS.length, writer: f };
}
