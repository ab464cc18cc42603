import { open, type FileHandle } from 'node:fs/promises';
import { DatasetFormatError } from './format-error.js';

// MXNet / dmlc-core RecordIO, the container of InsightFace's train.rec. Each part is
// [magic u32 LE][lrec u32 LE: continuation flag in the top 3 bits, length in the low 29]
// [data padded to 4 bytes]. A writer splits a payload wherever the magic appears at a
// 4-byte-aligned offset inside it, dropping those 4 bytes (flags 1 first, 2 middle,
// 3 last, 0 whole); a reader puts the magic back between the parts.

export const RECORDIO_MAGIC = 0xced7230a;
const HEADER_BYTES = 8;
const FLAG_WHOLE = 0;
const FLAG_FIRST = 1;
const FLAG_MIDDLE = 2;
const FLAG_LAST = 3;
const MAX_PART_LENGTH = (1 << 29) - 1;

const MAGIC_BYTES = Buffer.alloc(4);
MAGIC_BYTES.writeUInt32LE(RECORDIO_MAGIC);

function padded(length: number): number {
  return (length + 3) & ~3;
}

function partHeader(flag: number, length: number): Buffer {
  if (length > MAX_PART_LENGTH) throw new RangeError(`a RecordIO part holds at most ${MAX_PART_LENGTH} bytes, got ${length}`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(RECORDIO_MAGIC, 0);
  header.writeUInt32LE(((flag << 29) | length) >>> 0, 4);
  return header;
}

/** Encodes one record as dmlc's RecordIOWriter::WriteRecord does, splitting at aligned magics. */
export function encodeRecord(payload: Uint8Array): Buffer {
  const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const pieces: Buffer[] = [];
  let start = 0;
  const lowerAligned = data.length & ~3;
  for (let i = 0; i < lowerAligned; i += 4) {
    if (data.readUInt32LE(i) === RECORDIO_MAGIC) {
      pieces.push(partHeader(start === 0 ? FLAG_FIRST : FLAG_MIDDLE, i - start), data.subarray(start, i));
      start = i + 4;
    }
  }
  const length = data.length - start;
  pieces.push(partHeader(start === 0 ? FLAG_WHOLE : FLAG_LAST, length), data.subarray(start));
  const padding = padded(data.length) - data.length;
  if (padding > 0) pieces.push(Buffer.alloc(padding));
  return Buffer.concat(pieces);
}

/** Decodes every record of an in-memory RecordIO stream (used for small files and tests). */
export function decodeRecords(bytes: Uint8Array, file = 'recordio'): { offset: number; payload: Buffer }[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { offset: number; payload: Buffer }[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const record = decodeRecordAt(buffer, offset, file, buffer.length);
    out.push({ offset, payload: record.payload });
    offset = record.end;
  }
  return out;
}

/**
 * Decodes the record starting at `offset` of `buffer` (which holds the file from byte 0,
 * or from `base`). Returns null when the buffer ends before the record does and the
 * file goes on (the caller reads more); throws when the file itself ends.
 */
function decodeRecordAt(buffer: Buffer, offset: number, file: string, fileSize: number, base = 0): { payload: Buffer; end: number } {
  const parts: Buffer[] = [];
  let at = offset;
  for (let index = 0; ; index++) {
    const local = at - base;
    if (at + HEADER_BYTES > fileSize) {
      throw new DatasetFormatError(file, { offset: at }, `truncated record: a part header needs ${HEADER_BYTES} bytes, the file ends at ${fileSize}`);
    }
    const magic = buffer.readUInt32LE(local);
    if (magic !== RECORDIO_MAGIC) {
      throw new DatasetFormatError(file, { offset: at }, `bad magic 0x${magic.toString(16).padStart(8, '0')} (expected 0x${RECORDIO_MAGIC.toString(16)})`);
    }
    const lrec = buffer.readUInt32LE(local + 4);
    const flag = lrec >>> 29;
    const length = lrec & MAX_PART_LENGTH;
    const expected = index === 0 ? [FLAG_WHOLE, FLAG_FIRST] : [FLAG_MIDDLE, FLAG_LAST];
    if (!expected.includes(flag)) {
      throw new DatasetFormatError(file, { offset: at }, `continuation flag ${flag} where ${index === 0 ? 'a record starts (0 or 1)' : 'a split record goes on (2 or 3)'} was expected`);
    }
    if (at + HEADER_BYTES + padded(length) > fileSize) {
      throw new DatasetFormatError(
        file,
        { offset: at },
        `truncated record: the part needs ${HEADER_BYTES + padded(length)} bytes, only ${fileSize - at} remain in the file`,
      );
    }
    if (parts.length > 0) parts.push(MAGIC_BYTES);
    parts.push(buffer.subarray(local + HEADER_BYTES, local + HEADER_BYTES + length));
    at += HEADER_BYTES + padded(length);
    if (flag === FLAG_WHOLE || flag === FLAG_LAST) {
      return { payload: parts.length === 1 ? parts[0] : Buffer.concat(parts), end: at };
    }
  }
}

/** Random access to the records of a RecordIO file by byte offset (from the `.idx`). */
export class RecordIOFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<RecordIOFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new RecordIOFile(path, handle, size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Reads the record at `offset`; most records fit one read, split or big ones take more. */
  async read(offset: number, firstReadBytes = 64 * 1024): Promise<{ payload: Buffer; end: number }> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.size) {
      throw new DatasetFormatError(this.path, { offset }, `record offset outside the file (${this.size} bytes)`);
    }
    let length = Math.min(firstReadBytes, this.size - offset);
    for (;;) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
      const chunk = buffer.subarray(0, bytesRead);
      const needed = bytesNeeded(chunk, offset, this.size);
      if (needed <= chunk.length) return decodeRecordAt(chunk, offset, this.path, this.size, offset);
      length = Math.min(needed, this.size - offset);
      if (length <= chunk.length) return decodeRecordAt(chunk, offset, this.path, this.size, offset);
    }
  }

  /** Every record in file order (for files without an index, and for checking a whole file). */
  async *scan(): AsyncGenerator<{ offset: number; payload: Buffer }> {
    let offset = 0;
    while (offset < this.size) {
      const record = await this.read(offset);
      yield { offset, payload: record.payload };
      offset = record.end;
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * How many bytes from the record's start the parts seen in `chunk` need; the header
 * checks themselves are left to decodeRecordAt so the errors come from one place.
 */
function bytesNeeded(chunk: Buffer, start: number, fileSize: number): number {
  let at = 0;
  for (;;) {
    if (at + HEADER_BYTES > chunk.length) return start + at + HEADER_BYTES > fileSize ? chunk.length : at + HEADER_BYTES;
    if (chunk.readUInt32LE(at) !== RECORDIO_MAGIC) return chunk.length;
    const lrec = chunk.readUInt32LE(at + 4);
    const flag = lrec >>> 29;
    const end = at + HEADER_BYTES + padded(lrec & MAX_PART_LENGTH);
    if (end > chunk.length) return start + end > fileSize ? chunk.length : end;
    if (flag === FLAG_WHOLE || flag === FLAG_LAST) return end;
    at = end;
  }
}

/** Appends records to a new RecordIO file, remembering where each one starts. */
export class RecordIOWriter {
  private offset = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<RecordIOWriter> {
    return new RecordIOWriter(await open(path, 'w'));
  }

  /** Bytes written so far: where the next record will start. */
  get position(): number {
    return this.offset;
  }

  /** Writes one record and returns its byte offset. */
  async write(payload: Uint8Array): Promise<number> {
    const at = this.offset;
    const encoded = encodeRecord(payload);
    await this.handle.write(encoded, 0, encoded.length, at);
    this.offset += encoded.length;
    return at;
  }

  /** Overwrites a record in place; the new encoding must be exactly as long as the old one. */
  async rewrite(offset: number, payload: Uint8Array, previousLength: number): Promise<void> {
    const encoded = encodeRecord(payload);
    if (encoded.length !== previousLength) throw new RangeError(`rewrite changes the record's length (${previousLength} → ${encoded.length})`);
    await this.handle.write(encoded, 0, encoded.length, offset);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
