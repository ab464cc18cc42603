import { FunctionWriter, type KernelFunction } from './wasm-assembler.js';

/**
 * Elementwise activation passes over `size` float32 values (size % 4 == 0):
 * each one read of its inputs and one write, where tfjs composes 3-5
 * full-size ops (and LessEqual/Cast/Step, slow paths on wasm).
 */

/** for (i = 0; i < size·4; i += 16) body(i) — `i` a byte offset shared by every operand. */
function elementwise(f: FunctionWriter, size: number, body: (i: number) => void): void {
  const [i, end] = [f.local(), f.local()];
  f.get(size).i32(2).shl().set(end);
  f.forRange(i, () => f.i32(0), () => f.get(end), () => f.i32(16), () => body(i));
}

/** y = x · (min(max(x + 3, 0), 6) · ⅙), in tfjs's order of operations. params: x, y, size */
export function hardSwishFunction(): KernelFunction {
  const f = new FunctionWriter(3);
  const [x, y, size] = [0, 1, 2];
  const xv = f.local('v128');
  elementwise(f, size, (i) => {
    f.get(y).get(i).add();
    f.get(x).get(i).add().load128().tee(xv);
    f.f32x4Const(3).f32x4Add().zero128().f32x4Max().f32x4Const(6).f32x4Min().f32x4Const(1 / 6).f32x4Mul();
    f.get(xv).f32x4Mul().store128();
  });
  return { name: 'hardSwish', params: 3, writer: f };
}

/**
 * dx = dy · (x > 3 ? 1 : x > −3 ? (2x + 3)/6 : 0), the derivative tfjs's
 * composition gives (its Relu6 gradient counts 0 < x + 3 ≤ 6). params: x, dy, dx, size
 */
export function hardSwishGradientFunction(): KernelFunction {
  const f = new FunctionWriter(4);
  const [x, dy, dx, size] = [0, 1, 2, 3];
  const xv = f.local('v128');
  elementwise(f, size, (i) => {
    f.get(dx).get(i).add();
    f.get(x).get(i).add().load128().set(xv);
    f.f32x4Const(1);
    // middle: x·⅓ + ½ where x > −3, else 0
    f.get(xv).f32x4Const(1 / 3).f32x4Mul().f32x4Const(0.5).f32x4Add();
    f.zero128();
    f.get(xv).f32x4Const(-3).f32x4Gt().bitselect();
    f.get(xv).f32x4Const(3).f32x4Gt().bitselect();
    f.get(dy).get(i).add().load128().f32x4Mul().store128();
  });
  return { name: 'hardSwishGradient', params: 4, writer: f };
}

/** dx = x > 0 ? dy : 0 (tfjs: dy · step(x)). params: x, dy, dx, size */
export function reluGradientFunction(): KernelFunction {
  const f = new FunctionWriter(4);
  const [x, dy, dx, size] = [0, 1, 2, 3];
  elementwise(f, size, (i) => {
    f.get(dx).get(i).add();
    f.get(dy).get(i).add().load128();
    f.zero128();
    f.get(x).get(i).add().load128().zero128().f32x4Gt().bitselect();
    f.store128();
  });
  return { name: 'reluGradient', params: 4, writer: f };
}
