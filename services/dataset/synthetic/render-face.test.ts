import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidArgumentsError } from '../../common/errors/errors.js';
import { arcfaceTemplate } from './arcface-template.js';
import { drawNuisances } from './image-nuisances.js';
import { renderFace, renderFaceUnaligned } from './render-face.js';
import { DEFAULT_SYNTHETIC_OPTIONS, evalIdentity, type SyntheticOptions } from './synthetic-options.js';
import { estimateSimilarity, invertSimilarity } from './similarity-transform.js';
import { alignToArcface, warpSimilarity } from './warp-affine.js';

const OPTS: SyntheticOptions = { ...DEFAULT_SYNTHETIC_OPTIONS, size: 64 };

function meanLandmarkError(landmarks: Float32Array, size: number): number {
  const template = arcfaceTemplate(size);
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Math.hypot(landmarks[2 * i] - template[2 * i], landmarks[2 * i + 1] - template[2 * i + 1]);
  return sum / 5;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

function crop(pixels: Uint8Array, size: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const out: number[] = [];
  for (let y = y0; y < y1; y++) out.push(...pixels.subarray((y * size + x0) * 3, (y * size + x1) * 3));
  return Uint8Array.from(out);
}

/** Mean absolute difference between left and right halves mirrored (0 for a symmetric image). */
function mirrorDiff(pixels: Uint8Array, size: number): number {
  let sum = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size / 2; x++) {
      for (let c = 0; c < 3; c++) sum += Math.abs(pixels[(y * size + x) * 3 + c] - pixels[(y * size + size - 1 - x) * 3 + c]);
    }
  }
  return sum / ((size * size * 3) / 2);
}

describe('renderFace', () => {
  it('returns size*size*3 bytes and 10 landmark numbers', () => {
    const face = renderFace(OPTS, 0, 0);
    expect(face.pixels).toBeInstanceOf(Uint8Array);
    expect(face.pixels.length).toBe(64 * 64 * 3);
    expect(face.landmarks).toBeInstanceOf(Float32Array);
    expect(face.landmarks.length).toBe(10);
  });

  it('is deterministic in (seed, identity, index) and differs when any of them changes', () => {
    const a = renderFace(OPTS, 5, 3);
    const again = renderFace({ ...OPTS }, 5, 3);
    expect(Buffer.compare(a.pixels, again.pixels)).toBe(0);
    expect(Array.from(a.landmarks)).toEqual(Array.from(again.landmarks));
    for (const other of [renderFace(OPTS, 6, 3), renderFace(OPTS, 5, 4), renderFace({ ...OPTS, seed: 2 }, 5, 3)]) {
      expect(meanAbsDiff(a.pixels, other.pixels)).toBeGreaterThan(5);
    }
  });

  it('makes identities from any safe integer: negative, huge, and the evaluation range', () => {
    const ids = [-1, 0, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, evalIdentity(0)];
    const faces = ids.map((id) => renderFace({ ...OPTS, strength: 0 }, id, 0).pixels);
    for (let i = 0; i < faces.length; i++) {
      for (let j = i + 1; j < faces.length; j++) expect(meanAbsDiff(faces[i], faces[j])).toBeGreaterThan(1);
    }
    expect(evalIdentity(7)).toBe(1_000_007);
  });

  it('renders every allowed size and rejects the others naming the field', () => {
    for (const size of [32, 40, 112, 256]) expect(renderFace({ ...OPTS, size }, 1, 1).pixels.length).toBe(size * size * 3);
    for (const size of [24, 60, 264, 64.5]) {
      expect(() => renderFace({ ...OPTS, size }, 1, 1)).toThrow(InvalidArgumentError);
      expect(() => renderFace({ ...OPTS, size }, 1, 1)).toThrow(/^size: must be a multiple of 8/);
    }
    expect(() => renderFace({ ...OPTS, strength: -1, spread: Number.NaN }, 1, 1)).toThrow(InvalidArgumentsError);
    expect(() => renderFace(OPTS, 1.5, 0)).toThrow(/^identity: /);
    expect(() => renderFace(OPTS, 1, -1)).toThrow(/^index: /);
  });

  it('at strength 1 keeps landmarks inside the crop, near the template, with residual variation', () => {
    for (const size of [64, 112]) {
      const errors: number[] = [];
      for (let i = 0; i < 60; i++) {
        const { landmarks } = renderFace({ ...OPTS, size }, i, i % 7);
        for (const v of landmarks) {
          expect(v).toBeGreaterThan(0);
          expect(v).toBeLessThan(size - 1);
        }
        errors.push(meanLandmarkError(landmarks, size));
      }
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      // "A few pixels" at 112 scaled to the size: pose and detector error remain after alignment.
      expect(mean).toBeLessThan((3 * size) / 112);
      expect(mean).toBeGreaterThan((0.3 * size) / 112);
    }
  });

  it('at strength 0 renders frontal, neutral faces with landmarks at the template', () => {
    const errors: number[] = [];
    for (let id = 0; id < 10; id++) {
      const a = renderFace({ ...OPTS, size: 112, strength: 0 }, id, 0);
      const b = renderFace({ ...OPTS, size: 112, strength: 0 }, id, 9);
      // Nothing varies per image at strength 0.
      expect(Buffer.compare(a.pixels, b.pixels)).toBe(0);
      errors.push(meanLandmarkError(a.landmarks, 112));
      const [lx, ly, rx, ry, nx, , mlx, mly, mrx, mry] = a.landmarks;
      // Left-right symmetric up to the template's own slight tilt (its eyes differ by 0.19 px in y).
      expect(Math.abs(ly - ry)).toBeLessThan(0.5);
      expect(Math.abs(mly - mry)).toBeLessThan(0.5);
      expect(Math.abs(nx - (lx + rx) / 2)).toBeLessThan(0.5);
      expect(Math.abs((mlx + mrx) / 2 - nx)).toBeLessThan(0.5);
      // Frontal and lit from straight above: the image is close to mirror symmetric.
      expect(mirrorDiff(a.pixels, 112)).toBeLessThan(12);
    }
    // Only each person's own proportions keep the five points off the template.
    expect(Math.max(...errors)).toBeLessThan(3);
    expect(errors.reduce((x, y) => x + y, 0) / errors.length).toBeLessThan(1.5);
    // The population's mean face has the template's proportions.
    expect(meanLandmarkError(renderFace({ ...OPTS, size: 112, strength: 0, spread: 0 }, 3, 0).landmarks, 112)).toBeLessThan(0.5);
  });

  it('turns heads in 3D at strength 1: the nose tip leaves the eyes’ midline as the head yaws', () => {
    const offsets: number[] = [];
    for (let i = 0; i < 40; i++) {
      const [lx, , rx, , nx] = renderFace({ ...OPTS, size: 112 }, i, 1).landmarks;
      offsets.push((nx - (lx + rx) / 2) / (rx - lx));
    }
    const spread = Math.sqrt(offsets.reduce((s, v) => s + v * v, 0) / offsets.length);
    // A 16° yaw spread moves a nose tip 0.6 eye-distances in front of the eyes by about 0.15.
    expect(spread).toBeGreaterThan(0.05);
    expect(Math.max(...offsets.map(Math.abs))).toBeLessThan(0.6);
  });

  it('matches a larger unaligned render warped onto the crop (the cv2 alignment path)', () => {
    const opts = { ...OPTS, size: 112, strength: 0.3 };
    for (let i = 0; i < 6; i++) {
      // An occluder is painted over the image, not on the head, so it is not where the warp puts it.
      if (drawNuisances(opts.seed, i, 2, opts.strength).occluder) continue;
      const direct = renderFace(opts, i, 2);
      // 224 px over 5 head units is about the crop's own scale, so bilinear resampling is fair.
      const canvas = renderFaceUnaligned(opts, i, 2, 224);
      const photo = { pixels: canvas.pixels, width: 224, height: 224, channels: 3 };
      // Both carry the true landmarks, so they fix the similarity between the two frames.
      const toCrop = estimateSimilarity(canvas.landmarks, direct.landmarks);
      const warped = warpSimilarity(photo, invertSimilarity(toCrop), 112, 112);
      // Same head, same colours: compare the face box (the backdrop is painted per frame).
      expect(meanAbsDiff(crop(direct.pixels, 112, 30, 30, 82, 100), crop(warped, 112, 30, 30, 82, 100))).toBeLessThan(4);
      const aligned = alignToArcface(photo, canvas.landmarks, 112);
      expect(meanLandmarkError(aligned.landmarks, 112)).toBeLessThan(3);
    }
  });

  it('draws backgrounds per image: corners of one person’s photos agree no more than across people', () => {
    const corner = (p: Uint8Array) => [p[0], p[1], p[2]];
    let sameDiff = 0;
    let otherDiff = 0;
    for (let id = 0; id < 30; id++) {
      const a = corner(renderFace(OPTS, id, 0).pixels);
      const b = corner(renderFace(OPTS, id, 1).pixels);
      const c = corner(renderFace(OPTS, id + 100, 0).pixels);
      sameDiff += Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
      otherDiff += Math.abs(a[0] - c[0]) + Math.abs(a[1] - c[1]) + Math.abs(a[2] - c[2]);
    }
    expect(sameDiff).toBeGreaterThan(otherDiff * 0.6);
  });
});
