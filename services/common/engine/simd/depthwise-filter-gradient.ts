import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/** Parameter order of `depthwiseFilterGradient` (all i32; pointers are byte offsets into the heap). */
export const DEPTHWISE_FILTER_GRADIENT_PARAMS = [
  'x', 'dy', 'dw', 'batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth',
  'filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'padTop', 'padLeft',
] as const;

/**
 * dw[kh, kw, c] += Σ_{n, oh, ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl, c] · dy[n, oh, ow, c]
 * over NHWC float32 tensors, 4 channels per SIMD lane group (channels % 4 == 0;
 * dw must be zeroed). Loop order streams x and dy once while the small dw
 * stays in L1; out-of-image taps are skipped with one unsigned compare.
 */
export function depthwiseFilterGradientFunction(): KernelFunction {
  const p = Object.fromEntries(DEPTHWISE_FILTER_GRADIENT_PARAMS.map((name, i) => [name, i])) as Record<
    (typeof DEPTHWISE_FILTER_GRADIENT_PARAMS)[number],
    number
  >;
  const f = new FunctionWriter(DEPTHWISE_FILTER_GRADIENT_PARAMS.length);
  const [n, oh, ow, kh, kw, c, ih, iw, rowBytes, pixelBytes, pdy, prow, px, pdw, ihBase, iwBase] = Array.from({ length: 16 }, () => f.local());
  const zero = () => f.i32(0);
  const one = () => f.i32(1);
  const sixteen = () => f.i32(16);
  // pixelBytes = C·4, rowBytes = W·C·4
  f.get(p.channels).i32(2).shl().set(pixelBytes);
  f.get(pixelBytes).get(p.inWidth).mul().set(rowBytes);
  f.get(p.dy).set(pdy);
  f.forRange(n, zero, () => f.get(p.batch), one, () => {
    f.forRange(oh, zero, () => f.get(p.outHeight), one, () => {
      f.get(oh).get(p.strideHeight).mul().get(p.padTop).sub().set(ihBase);
      f.forRange(ow, zero, () => f.get(p.outWidth), one, () => {
        f.get(ow).get(p.strideWidth).mul().get(p.padLeft).sub().set(iwBase);
        f.forRange(kh, zero, () => f.get(p.filterHeight), one, () => {
          f.get(ihBase).get(kh).add().tee(ih).get(p.inHeight).geU().brIf(0);
          // prow = x + ((n·H + ih)·W·C)·4
          f.get(p.x).get(n).get(p.inHeight).mul().get(ih).add().get(rowBytes).mul().add().set(prow);
          f.forRange(kw, zero, () => f.get(p.filterWidth), one, () => {
            f.get(iwBase).get(kw).add().tee(iw).get(p.inWidth).geU().brIf(0);
            f.get(prow).get(iw).get(pixelBytes).mul().add().set(px);
            f.get(p.dw).get(kh).get(p.filterWidth).mul().get(kw).add().get(pixelBytes).mul().add().set(pdw);
            f.forRange(c, zero, () => f.get(pixelBytes), sixteen, () => {
              f.get(pdw).get(c).add();
              f.get(pdw).get(c).add().load128();
              f.get(px).get(c).add().load128();
              f.get(pdy).get(c).add().load128();
              f.f32x4Mul().f32x4Add().store128();
            });
          });
        });
        f.get(pdy).get(pixelBytes).add().set(pdy);
      });
    });
  });
  return { name: 'depthwiseFilterGradient', params: DEPTHWISE_FILTER_GRADIENT_PARAMS.length, writer: f };
}
