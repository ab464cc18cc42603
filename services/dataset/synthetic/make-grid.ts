// Writes a PNG contact sheet of synthetic faces: one identity per row, its images
// across. `npx tsx services/dataset/synthetic/make-grid.ts [--out f.png] [--size 112]
// [--identities 8] [--images 10] [--seed 1] [--strength 1] [--spread 1] [--first 0] [--ids 3,17,...]`
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderFace } from './render-face.js';
import { DEFAULT_SYNTHETIC_OPTIONS, type SyntheticOptions } from './synthetic-options.js';

const GAP = 2;

function faceGrid(opts: SyntheticOptions, identities: number[], images: number): { rgb: Uint8Array; width: number; height: number } {
  const { size } = opts;
  const width = images * size + (images - 1) * GAP;
  const height = identities.length * size + (identities.length - 1) * GAP;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  identities.forEach((identity, row) => {
    for (let col = 0; col < images; col++) {
      const { pixels } = renderFace(opts, identity, col);
      for (let y = 0; y < size; y++) {
        const dst = ((row * (size + GAP) + y) * width + col * (size + GAP)) * 3;
        rgb.set(pixels.subarray(y * size * 3, (y + 1) * size * 3), dst);
      }
    }
  });
  return { rgb, width, height };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'docs/images/synthetic-faces.png' },
      size: { type: 'string', default: '112' },
      identities: { type: 'string', default: '8' },
      images: { type: 'string', default: '10' },
      first: { type: 'string', default: '0' },
      ids: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SYNTHETIC_OPTIONS.seed) },
      strength: { type: 'string', default: String(DEFAULT_SYNTHETIC_OPTIONS.strength) },
      spread: { type: 'string', default: String(DEFAULT_SYNTHETIC_OPTIONS.spread) },
    },
  });
  const opts: SyntheticOptions = {
    seed: Number(values.seed),
    size: Number(values.size),
    strength: Number(values.strength),
    spread: Number(values.spread),
  };
  const first = Number(values.first);
  const identities = values.ids ? values.ids.split(',').map(Number) : Array.from({ length: Number(values.identities) }, (_, i) => first + i);
  const { rgb, width, height } = faceGrid(opts, identities, Number(values.images));
  await sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width, height, channels: 3 } })
    // A 256-colour palette keeps the sheet small enough to live in git (~4x smaller).
    .png({ palette: true, colours: 256, dither: 0.5, compressionLevel: 9 })
    .toFile(values.out);
  console.log(`wrote ${values.out} (${width}x${height})`);
}

await main();
