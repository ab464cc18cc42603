// MXNet's image record payload (mx.recordio.pack): a 24-byte IRHeader
// struct 'IfQQ' = (uint32 flag, float32 label, uint64 id, uint64 id2), then, when
// flag > 0, `flag` float32 labels (and the scalar label is 0), then the encoded image.

export const IR_HEADER_BYTES = 24;

export interface ImageRecord {
  flag: number;
  /** The labels: one scalar when flag is 0, else the `flag` float32 values. */
  labels: number[];
  id: bigint;
  id2: bigint;
  image: Buffer;
}

export function packImageRecord(labels: number | readonly number[], id: number | bigint, image: Uint8Array, id2: number | bigint = 0): Buffer {
  const list = typeof labels === 'number' ? null : labels;
  const header = Buffer.alloc(IR_HEADER_BYTES + 4 * (list?.length ?? 0));
  header.writeUInt32LE(list?.length ?? 0, 0);
  header.writeFloatLE(typeof labels === 'number' ? labels : 0, 4);
  header.writeBigUInt64LE(BigInt(id), 8);
  header.writeBigUInt64LE(BigInt(id2), 16);
  list?.forEach((value, i) => header.writeFloatLE(value, IR_HEADER_BYTES + 4 * i));
  return Buffer.concat([header, image]);
}

/** Unpacks a payload; returns a reason string instead when it is too short for its header. */
export function unpackImageRecord(payload: Buffer): ImageRecord | string {
  if (payload.length < IR_HEADER_BYTES) return `record payload has ${payload.length} bytes, less than the 24-byte IRHeader`;
  const flag = payload.readUInt32LE(0);
  const labelsEnd = IR_HEADER_BYTES + 4 * flag;
  if (flag > 0 && payload.length < labelsEnd) return `IRHeader announces ${flag} labels but the record has only ${payload.length} bytes`;
  const labels = flag === 0 ? [payload.readFloatLE(4)] : Array.from({ length: flag }, (_, i) => payload.readFloatLE(IR_HEADER_BYTES + 4 * i));
  return {
    flag,
    labels,
    id: payload.readBigUInt64LE(8),
    id2: payload.readBigUInt64LE(16),
    image: payload.subarray(flag === 0 ? IR_HEADER_BYTES : labelsEnd),
  };
}
