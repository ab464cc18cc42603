// Writes the subset of pickle protocol 4 that a verification bin needs: nested lists
// and tuples of bytes and bools. Without FRAME opcodes (framing is optional for readers).

export type PicklableValue = boolean | Uint8Array | PicklableValue[] | { tuple: PicklableValue[] };

const APPENDS_BATCH = 1000;

export function writePickle(value: PicklableValue): Buffer {
  const chunks: Buffer[] = [Buffer.from([0x80, 4])];
  emit(value, chunks);
  chunks.push(Buffer.from('.'));
  return Buffer.concat(chunks);
}

function emit(value: PicklableValue, out: Buffer[]): void {
  if (typeof value === 'boolean') {
    out.push(Buffer.from([value ? 0x88 : 0x89]));
  } else if (value instanceof Uint8Array) {
    out.push(bytesHeader(value.length), Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    out.push(Buffer.from(']'));
    // Python batches appends the same way, so a huge list never needs one huge MARK frame.
    for (let i = 0; i < value.length; i += APPENDS_BATCH) {
      out.push(Buffer.from('('));
      for (const item of value.slice(i, i + APPENDS_BATCH)) emit(item, out);
      out.push(Buffer.from('e'));
    }
  } else {
    const items = value.tuple;
    if (items.length >= 1 && items.length <= 3) {
      for (const item of items) emit(item, out);
      out.push(Buffer.from([0x84 + items.length]));
    } else {
      out.push(Buffer.from('('));
      for (const item of items) emit(item, out);
      out.push(Buffer.from('t'));
    }
  }
}

function bytesHeader(length: number): Buffer {
  if (length < 256) return Buffer.from([0x43, length]); // SHORT_BINBYTES
  if (length < 2 ** 32) {
    const header = Buffer.alloc(5);
    header[0] = 0x42; // BINBYTES
    header.writeUInt32LE(length, 1);
    return header;
  }
  const header = Buffer.alloc(9);
  header[0] = 0x8e; // BINBYTES8
  header.writeBigUInt64LE(BigInt(length), 1);
  return header;
}
