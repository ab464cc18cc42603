/**
 * A minimal WebAssembly binary writer, enough for small SIMD kernels that
 * import the tfjs backend's heap. No toolchain (clang, wabt) is available on
 * these machines, and a kernel that uses no stack or data segment cannot
 * clobber the backend's memory: it only touches addresses it is given.
 */

const I32 = 0x7f;
const V128 = 0x7b;
export type ValueType = 'i32' | 'v128';
const TYPE_CODE: Record<ValueType, number> = { i32: I32, v128: V128 };

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Emits one function body; locals are numbered after the parameters. */
export class FunctionWriter {
  readonly code: number[] = [];
  private readonly locals: ValueType[] = [];

  constructor(readonly params: number) {}

  local(type: ValueType = 'i32'): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  get(i: number): this { this.code.push(0x20, ...uleb(i)); return this; }
  set(i: number): this { this.code.push(0x21, ...uleb(i)); return this; }
  tee(i: number): this { this.code.push(0x22, ...uleb(i)); return this; }
  i32(v: number): this { this.code.push(0x41, ...sleb(v)); return this; }
  add(): this { this.code.push(0x6a); return this; }
  sub(): this { this.code.push(0x6b); return this; }
  mul(): this { this.code.push(0x6c); return this; }
  shl(): this { this.code.push(0x74); return this; }
  divU(): this { this.code.push(0x6e); return this; }
  remU(): this { this.code.push(0x70); return this; }
  and(): this { this.code.push(0x71); return this; }
  /** select(a, b, cond): a when cond ≠ 0, else b. */
  select(): this { this.code.push(0x1b); return this; }
  ltS(): this { this.code.push(0x48); return this; }
  geU(): this { this.code.push(0x4f); return this; }
  geS(): this { this.code.push(0x4e); return this; }
  gtS(): this { this.code.push(0x4a); return this; }
  eqz(): this { this.code.push(0x45); return this; }
  br(depth: number): this { this.code.push(0x0c, ...uleb(depth)); return this; }
  brIf(depth: number): this { this.code.push(0x0d, ...uleb(depth)); return this; }
  /** v128 load/store with a constant byte offset. */
  load128(offset = 0): this { this.code.push(0xfd, ...uleb(0x00), 0, ...uleb(offset)); return this; }
  /** One f32 loaded and splatted to all four lanes. */
  load32Splat(offset = 0): this { this.code.push(0xfd, ...uleb(0x09), 2, ...uleb(offset)); return this; }
  store128(offset = 0): this { this.code.push(0xfd, ...uleb(0x0b), 0, ...uleb(offset)); return this; }
  f32x4Add(): this { this.code.push(0xfd, ...uleb(0xe4)); return this; }
  f32x4Mul(): this { this.code.push(0xfd, ...uleb(0xe6)); return this; }
  f32x4Sub(): this { this.code.push(0xfd, ...uleb(0xe5)); return this; }
  f32x4Min(): this { this.code.push(0xfd, ...uleb(0xe8)); return this; }
  f32x4Gt(): this { this.code.push(0xfd, ...uleb(0x44)); return this; }
  /** v128.bitselect(a, b, mask): a where mask bits are set, else b. */
  bitselect(): this { this.code.push(0xfd, ...uleb(0x52)); return this; }
  /** v128.const with `value` in all four f32 lanes. */
  f32x4Const(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
    this.code.push(0xfd, ...uleb(0x0c), ...bytes);
    return this;
  }
  f32x4Max(): this { this.code.push(0xfd, ...uleb(0xe9)); return this; }
  zero128(): this { this.code.push(0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)); return this; }

  block(body: () => void): this { this.code.push(0x02, 0x40); body(); this.code.push(0x0b); return this; }
  loop(body: () => void): this { this.code.push(0x03, 0x40); body(); this.code.push(0x0b); return this; }

  /**
   * for (i = start; i < end; i += step) body — `end` and `step` read from locals or constants.
   * At the top level of `body`, `br 0` continues with the next i and `br 2` leaves the loop.
   */
  forRange(i: number, start: () => void, end: () => void, step: () => void, body: () => void): this {
    start();
    this.set(i);
    return this.block(() => {
      this.get(i); end(); this.geS(); this.brIf(0);
      this.loop(() => {
        this.block(() => body()); // `continue` = br to this block's end
        this.get(i); step(); this.add(); this.tee(i);
        end(); this.ltS(); this.brIf(0);
      });
    });
  }

  encode(): number[] {
    const groups: number[][] = this.locals.map((t) => [1, TYPE_CODE[t]]);
    const body = [...vector(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

export interface KernelFunction {
  name: string;
  params: number;
  writer: FunctionWriter;
}

/** A module importing `env.memory` (shared when the backend is threaded) and exporting i32-parameter functions. */
export function assembleModule(functions: KernelFunction[], sharedMemory: boolean): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params), ...new Array<number>(f.params).fill(I32), 0]);
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = vector([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]]);
  const funcs = vector(functions.map((_, i) => uleb(i)));
  const exports = vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]));
  const code = vector(functions.map((f) => f.writer.encode()));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
