import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DatasetFormatError } from './format-error.js';
import { packImageRecord, unpackImageRecord } from './ir-header.js';
import { RecordIOFile, RecordIOWriter } from './recordio.js';

// InsightFace's training set layout (MS1M, MS1MV2, Glint...): train.rec (RecordIO),
// train.idx ("key\toffset" lines) and property ("num_classes,112,112"). Record 0 is a
// header whose two labels [N, M) say that images are keys [1, N) and identity records
// are keys [N, M); identity record N + c holds class c's image range [start, end).
// Without that header (a plain im2rec file) every record is an image and its own
// IRHeader label is its class.

export interface InsightFaceRec {
  readonly recPath: string;
  /** Classes from `property`, or from the identity records. */
  readonly classes: number;
  /** [height, width] from `property`, when the file is there. */
  readonly imageShape: [number, number] | null;
  /** Image record keys in class order, and each one's class in [0, classes). */
  readonly imageKeys: Int32Array;
  readonly labels: Int32Array;
  /** The encoded image of a record; throws (naming key and byte offset) when the record is unusable. */
  readImage(key: number): Promise<Buffer>;
  /** Where a record lives, for reports: "train.rec key 17 at byte offset 12345". */
  describeRecord(key: number): string;
  close(): Promise<void>;
}

export function recCompanionPaths(recPath: string): { idx: string; property: string } {
  return { idx: recPath.replace(/\.rec$/, '') + '.idx', property: join(dirname(recPath), 'property') };
}

export async function openInsightFaceRec(recPath: string): Promise<InsightFaceRec> {
  const paths = recCompanionPaths(recPath);
  const file = await RecordIOFile.open(recPath);
  try {
    const offsets = (await exists(paths.idx)) ? parseIdx(await readFile(paths.idx, 'utf8'), paths.idx, file.size) : await indexByScanning(file);
    const imageShape = (await exists(paths.property)) ? parseProperty(await readFile(paths.property, 'utf8'), paths.property) : null;
    await checkLastRecord(file, offsets);
    const layout = await readLayout(file, offsets);
    if (imageShape && imageShape.classes !== layout.classes && layout.fromHeader) {
      throw new DatasetFormatError(paths.property, { line: 1 }, `says ${imageShape.classes} classes but train.rec holds ${layout.classes} identity records`);
    }
    const describeRecord = (key: number) => `${recPath} key ${key}${offsets.has(key) ? ` at byte offset ${offsets.get(key)}` : ''}`;
    return {
      recPath,
      classes: layout.classes,
      imageShape: imageShape ? [imageShape.height, imageShape.width] : null,
      imageKeys: layout.imageKeys,
      labels: layout.labels,
      describeRecord,
      async readImage(key) {
        const offset = offsets.get(key);
        if (offset === undefined) throw new DatasetFormatError(paths.idx, null, `no record with key ${key}`);
        const record = unpackImageRecord((await file.read(offset)).payload);
        if (typeof record === 'string') throw new DatasetFormatError(recPath, { offset }, record);
        return record.image;
      },
      close: () => file.close(),
    };
  } catch (err) {
    await file.close();
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function parseIdx(text: string, path: string, recSize: number): Map<number, number> {
  const offsets = new Map<number, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const match = /^(\d+)\s+(\d+)$/.exec(line);
    if (!match) throw new DatasetFormatError(path, { line: i + 1 }, `expected "key<TAB>offset", got ${JSON.stringify(lines[i])}`);
    const key = Number(match[1]);
    const offset = Number(match[2]);
    if (offsets.has(key)) throw new DatasetFormatError(path, { line: i + 1 }, `key ${key} listed twice`);
    if (offset >= recSize) throw new DatasetFormatError(path, { line: i + 1 }, `offset ${offset} of key ${key} is past the end of the .rec (${recSize} bytes)`);
    offsets.set(key, offset);
  }
  if (offsets.size === 0) throw new DatasetFormatError(path, null, 'index lists no records');
  return offsets;
}

/** Without a .idx, records are keyed 0, 1, 2... in file order (as MXRecordIO reads them). */
async function indexByScanning(file: RecordIOFile): Promise<Map<number, number>> {
  const offsets = new Map<number, number>();
  for await (const record of file.scan()) offsets.set(offsets.size, record.offset);
  if (offsets.size === 0) throw new DatasetFormatError(file.path, null, 'file holds no records');
  return offsets;
}

function parseProperty(text: string, path: string): { classes: number; height: number; width: number } {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
  if (!match) throw new DatasetFormatError(path, { line: 1 }, `expected "num_classes,height,width", got ${JSON.stringify(text.trim())}`);
  return { classes: Number(match[1]), height: Number(match[2]), width: Number(match[3]) };
}

/** A cut-off file loses its last records first: reading the last one finds that at open. */
async function checkLastRecord(file: RecordIOFile, offsets: Map<number, number>): Promise<void> {
  let last = 0;
  for (const offset of offsets.values()) last = Math.max(last, offset);
  await file.read(last, 64);
}

interface Layout {
  classes: number;
  imageKeys: Int32Array;
  labels: Int32Array;
  fromHeader: boolean;
}

async function readLayout(file: RecordIOFile, offsets: Map<number, number>): Promise<Layout> {
  const headerOffset = offsets.get(0);
  const header = headerOffset === undefined ? null : unpackImageRecord((await file.read(headerOffset, 256)).payload);
  if (typeof header === 'string') throw new DatasetFormatError(file.path, { offset: headerOffset ?? 0 }, `header record: ${header}`);
  if (header && header.flag >= 2) return layoutFromIdentityRecords(file, offsets, header.labels[0], header.labels[1]);
  return layoutFromImageLabels(file, offsets);
}

async function layoutFromIdentityRecords(file: RecordIOFile, offsets: Map<number, number>, imagesEnd: number, identitiesEnd: number): Promise<Layout> {
  if (!Number.isInteger(imagesEnd) || !Number.isInteger(identitiesEnd) || imagesEnd < 1 || identitiesEnd < imagesEnd) {
    throw new DatasetFormatError(file.path, { offset: offsets.get(0) ?? 0 }, `header record labels [${imagesEnd}, ${identitiesEnd}] are not an image range and identity range`);
  }
  const classes = identitiesEnd - imagesEnd;
  const keys: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    const key = imagesEnd + c;
    const offset = offsets.get(key);
    if (offset === undefined) throw new DatasetFormatError(file.path, null, `identity record key ${key} is missing from the index`);
    const record = unpackImageRecord((await file.read(offset, 256)).payload);
    if (typeof record === 'string' || record.flag < 2) {
      throw new DatasetFormatError(file.path, { offset }, `identity record key ${key} should hold an image range [start, end)`);
    }
    const [start, end] = record.labels;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end > imagesEnd || end < start) {
      throw new DatasetFormatError(file.path, { offset }, `identity record key ${key} holds range [${start}, ${end}) outside the images [1, ${imagesEnd})`);
    }
    for (let k = start; k < end; k++) {
      keys.push(k);
      labels.push(c);
    }
  }
  return { classes, imageKeys: Int32Array.from(keys), labels: Int32Array.from(labels), fromHeader: true };
}

async function layoutFromImageLabels(file: RecordIOFile, offsets: Map<number, number>): Promise<Layout> {
  const entries: { key: number; label: number }[] = [];
  const sortedKeys = [...offsets.keys()].sort((a, b) => a - b);
  for (const key of sortedKeys) {
    const offset = offsets.get(key) as number;
    const record = unpackImageRecord((await file.read(offset, 256)).payload);
    if (typeof record === 'string') throw new DatasetFormatError(file.path, { offset }, record);
    entries.push({ key, label: record.labels[0] });
  }
  // Classes are numbered by their label value so the file's own class ids keep their order.
  const distinct = [...new Set(entries.map((e) => e.label))].sort((a, b) => a - b);
  const classOf = new Map(distinct.map((label, i) => [label, i]));
  entries.sort((a, b) => (classOf.get(a.label) as number) - (classOf.get(b.label) as number) || a.key - b.key);
  return {
    classes: distinct.length,
    imageKeys: Int32Array.from(entries.map((e) => e.key)),
    labels: Int32Array.from(entries.map((e) => classOf.get(e.label) as number)),
    fromHeader: false,
  };
}

/**
 * Writes train.rec / train.idx / property one identity at a time. Record 0 is written
 * first as a fixed-size placeholder and filled in at the end, once the ranges are known.
 */
export class InsightFaceRecWriter {
  private readonly offsets: number[] = [];
  private readonly ranges: [number, number][] = [];
  private headerLength = 0;

  private constructor(
    private readonly dir: string,
    private readonly writer: RecordIOWriter,
    private readonly imageShape: [number, number],
  ) {}

  static async create(dir: string, imageShape: [number, number]): Promise<InsightFaceRecWriter> {
    const writer = await RecordIOWriter.create(join(dir, 'train.rec'));
    const out = new InsightFaceRecWriter(dir, writer, imageShape);
    out.offsets.push(await writer.write(packImageRecord([0, 0], 0, new Uint8Array(0))));
    out.headerLength = writer.position;
    return out;
  }

  /** Adds the next identity (class = order of calls) with its encoded images. */
  async addIdentity(images: readonly Uint8Array[]): Promise<void> {
    const label = this.ranges.length;
    const start = this.offsets.length;
    for (const image of images) this.offsets.push(await this.writer.write(packImageRecord(label, this.offsets.length, image)));
    this.ranges.push([start, this.offsets.length]);
  }

  async close(): Promise<{ images: number; classes: number }> {
    const imagesEnd = this.offsets.length;
    for (let c = 0; c < this.ranges.length; c++) this.offsets.push(await this.writer.write(packImageRecord(this.ranges[c], imagesEnd + c, new Uint8Array(0))));
    await this.writer.rewrite(0, packImageRecord([imagesEnd, imagesEnd + this.ranges.length], 0, new Uint8Array(0)), this.headerLength);
    await this.writer.close();
    await writeFile(join(this.dir, 'train.idx'), this.offsets.map((offset, key) => `${key}\t${offset}\n`).join(''));
    await writeFile(join(this.dir, 'property'), `${this.ranges.length},${this.imageShape[0]},${this.imageShape[1]}`);
    return { images: imagesEnd - 1, classes: this.ranges.length };
  }
}
