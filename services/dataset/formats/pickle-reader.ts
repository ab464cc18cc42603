import { DatasetFormatError } from './format-error.js';

// A pickle reader for the opcodes verification bins use: Python 2 cPickle protocol 2
// (byte strings as BINSTRING/SHORT_BINSTRING), Python 3 protocol 3/4 (BINBYTES*,
// FRAME, MEMOIZE) and protocol 2 written by Python 3 (bytes as
// _codecs.encode(latin-1 text, 'latin1') through GLOBAL + REDUCE). Python 2 byte
// strings come back as Uint8Array (like pickle.load(..., encoding='bytes')); tuples
// and lists both come back as arrays. Anything else is an error naming the offset.

export type PickleValue = null | boolean | number | string | Uint8Array | PickleValue[];

const MARK = Symbol('mark');

class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

type StackItem = PickleValue | typeof MARK | PickleGlobal;

const OP = {
  PROTO: 0x80,
  FRAME: 0x95,
  STOP: 0x2e, // .
  MARK: 0x28, // (
  EMPTY_LIST: 0x5d, // ]
  EMPTY_TUPLE: 0x29, // )
  APPEND: 0x61, // a
  APPENDS: 0x65, // e
  LIST: 0x6c, // l
  TUPLE: 0x74, // t
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  BINSTRING: 0x54, // T
  SHORT_BINSTRING: 0x55, // U
  BINBYTES: 0x42, // B
  SHORT_BINBYTES: 0x43, // C
  BINBYTES8: 0x8e,
  BINUNICODE: 0x58, // X
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  NONE: 0x4e, // N
  BININT: 0x4a, // J
  BININT1: 0x4b, // K
  BININT2: 0x4d, // M
  MEMOIZE: 0x94,
  BINPUT: 0x71, // q
  LONG_BINPUT: 0x72, // r
  BINGET: 0x68, // h
  LONG_BINGET: 0x6a, // j
  GLOBAL: 0x63, // c
  REDUCE: 0x52, // R
} as const;

const OP_NAMES = new Map<number, string>(Object.entries(OP).map(([name, code]) => [code, name]));

/** Reads one pickled value from `bytes`; `file` names the source in errors. */
export function readPickle(bytes: Uint8Array, file: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const stack: StackItem[] = [];
  const memo = new Map<number, StackItem>();
  let pos = 0;
  let opStart = 0;

  const fail = (reason: string): never => {
    throw new DatasetFormatError(file, { offset: opStart }, reason);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`pickle ends inside ${OP_NAMES.get(bytes[opStart]) ?? 'an opcode'} (needs ${n} more bytes)`);
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const u64 = () => {
    need(8);
    const value = view.getBigUint64(pos, true);
    pos += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`length ${value} is too large`);
    return Number(value);
  };
  const take = (n: number) => {
    if (n < 0) fail(`negative length ${n}`);
    need(n);
    pos += n;
    return bytes.subarray(pos - n, pos);
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('pickle ends inside a GLOBAL name');
    const text = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (n: number) => {
    const raw = take(n);
    try {
      return utf8.decode(raw);
    } catch {
      return fail('string is not valid UTF-8');
    }
  };
  const pop = (): StackItem => (stack.length === 0 ? fail('stack underflow') : (stack.pop() as StackItem));
  const top = (): StackItem => (stack.length === 0 ? fail('stack underflow') : stack[stack.length - 1]);
  const value = (item: StackItem): PickleValue => (item === MARK || item instanceof PickleGlobal ? fail('a mark or global where a value was expected') : item);
  const popToMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('no MARK on the stack');
    const items = stack.splice(at).slice(1);
    return items.map(value);
  };
  const list = (item: StackItem): PickleValue[] => (Array.isArray(item) ? item : fail('APPEND to something that is not a list'));

  for (;;) {
    opStart = pos;
    const op = u8();
    switch (op) {
      case OP.PROTO:
        if (u8() > 5) fail('pickle protocol above 5');
        break;
      case OP.FRAME:
        u64(); // frames only group opcodes; reading straight through is the same.
        break;
      case OP.STOP: {
        const result = value(pop());
        if (stack.length > 0) fail('values left on the stack at STOP');
        return result;
      }
      case OP.MARK:
        stack.push(MARK);
        break;
      case OP.EMPTY_LIST:
      case OP.EMPTY_TUPLE:
        stack.push([]);
        break;
      case OP.APPEND: {
        const item = value(pop());
        list(top()).push(item);
        break;
      }
      case OP.APPENDS: {
        const items = popToMark();
        const target = list(top());
        for (const item of items) target.push(item);
        break;
      }
      case OP.LIST:
      case OP.TUPLE:
        stack.push(popToMark());
        break;
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3: {
        const n = op - OP.TUPLE1 + 1;
        const items: PickleValue[] = [];
        for (let i = 0; i < n; i++) items.unshift(value(pop()));
        stack.push(items);
        break;
      }
      case OP.BINSTRING:
        stack.push(take(i32()));
        break;
      case OP.SHORT_BINSTRING:
      case OP.SHORT_BINBYTES:
        stack.push(take(u8()));
        break;
      case OP.BINBYTES:
        stack.push(take(u32()));
        break;
      case OP.BINBYTES8:
        stack.push(take(u64()));
        break;
      case OP.BINUNICODE:
        stack.push(text(u32()));
        break;
      case OP.SHORT_BINUNICODE:
        stack.push(text(u8()));
        break;
      case OP.BINUNICODE8:
        stack.push(text(u64()));
        break;
      case OP.NEWTRUE:
        stack.push(true);
        break;
      case OP.NEWFALSE:
        stack.push(false);
        break;
      case OP.NONE:
        stack.push(null);
        break;
      case OP.BININT:
        stack.push(i32());
        break;
      case OP.BININT1:
        stack.push(u8());
        break;
      case OP.BININT2:
        stack.push(u16());
        break;
      case OP.MEMOIZE:
        memo.set(memo.size, top());
        break;
      case OP.BINPUT:
        memo.set(u8(), top());
        break;
      case OP.LONG_BINPUT:
        memo.set(u32(), top());
        break;
      case OP.BINGET:
      case OP.LONG_BINGET: {
        const key = op === OP.BINGET ? u8() : u32();
        const item = memo.get(key);
        if (item === undefined) fail(`memo key ${key} was never stored`);
        stack.push(item as StackItem);
        break;
      }
      case OP.GLOBAL: {
        const module = line();
        stack.push(new PickleGlobal(module, line()));
        break;
      }
      case OP.REDUCE: {
        const args = value(pop());
        const callable = pop();
        if (!(callable instanceof PickleGlobal) || !Array.isArray(args)) fail('REDUCE needs a global and an argument tuple');
        stack.push(reduce(callable as PickleGlobal, args as PickleValue[], fail));
        break;
      }
      default:
        fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}${OP_NAMES.has(op) ? '' : ` (${JSON.stringify(String.fromCharCode(op))})`}`);
    }
  }
}

/** The two calls Python 3 uses to pickle `bytes` at protocol 2: _codecs.encode(text, 'latin1') and bytes(). */
function reduce(callable: PickleGlobal, args: PickleValue[], fail: (reason: string) => never): PickleValue {
  const name = `${callable.module}.${callable.name}`;
  if (name === '_codecs.encode') {
    const [content, encoding] = args;
    if (typeof content !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) fail(`_codecs.encode with arguments other than (text, 'latin1')`);
    const out = new Uint8Array((content as string).length);
    for (let i = 0; i < out.length; i++) {
      const code = (content as string).charCodeAt(i);
      if (code > 0xff) fail('latin-1 text holds a character above U+00FF');
      out[i] = code;
    }
    return out;
  }
  if ((name === '__builtin__.bytes' || name === 'builtins.bytes') && args.length === 0) return new Uint8Array(0);
  return fail(`unsupported global ${name}`);
}
