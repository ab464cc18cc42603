import { hashSeed, Rng } from '../common/random/rng.js';
import type { LabelledImage, TrainingIndex, VerificationPair } from './face-dataset.js';

/** Images per training identity held out for identification: 1 gallery + 2 probes. */
export const HELD_OUT_PER_IDENTITY = 3;
export const VERIFICATION_FOLDS = 10;
/** LFW's size: 300 same and 300 different pairs per fold. */
export const MAX_PAIRS_PER_FOLD = 300;

/** How many of an identity's `count` images are held out: 3 when at least one stays for training. */
export function heldOutCount(count: number): number {
  return count > HELD_OUT_PER_IDENTITY ? HELD_OUT_PER_IDENTITY : 0;
}

/**
 * Training index and identification lists from each training identity's images (in
 * order): the last three of an identity with four or more are held out, the first
 * of those three into the gallery and the other two as probes.
 */
export function splitTrainingIdentities(identities: readonly ArrayLike<number>[]): { training: TrainingIndex; probes: LabelledImage[]; gallery: LabelledImage[] } {
  const classStart = new Int32Array(identities.length + 1);
  let total = 0;
  identities.forEach((images, label) => {
    classStart[label] = total;
    total += images.length - heldOutCount(images.length);
  });
  classStart[identities.length] = total;
  const images = new Int32Array(total);
  const labels = new Int32Array(total);
  const probes: LabelledImage[] = [];
  const gallery: LabelledImage[] = [];
  identities.forEach((ids, label) => {
    const trained = ids.length - heldOutCount(ids.length);
    for (let k = 0; k < trained; k++) {
      images[classStart[label] + k] = ids[k];
      labels[classStart[label] + k] = label;
    }
    if (trained < ids.length) {
      gallery.push({ image: ids[trained], label });
      for (let k = trained + 1; k < ids.length; k++) probes.push({ image: ids[k], label });
    }
  });
  return { training: { images, labels, classes: identities.length, classStart }, probes, gallery };
}

/** Same pairs per fold for `images` evaluation images: LFW's 300 at most, about one pair per 20 images. */
export function defaultPairsPerFold(images: number): number {
  return Math.min(MAX_PAIRS_PER_FOLD, Math.max(1, Math.floor(images / 20)));
}

/**
 * Verification pairs drawn from evaluation identities' images, deterministic in the
 * seed: `folds` folds of `perFold` same pairs then `perFold` different pairs (LFW's
 * order). A pair never repeats. When the identities cannot supply that many distinct
 * pairs, every fold gets the same smaller number, so folds stay equal and balanced;
 * no pairs at all when even one per fold is impossible.
 */
export function drawVerificationPairs(identities: readonly ArrayLike<number>[], seed: number, perFold: number, folds = VERIFICATION_FOLDS): VerificationPair[] {
  const withTwo = identities.map((ids, i) => (ids.length >= 2 ? i : -1)).filter((i) => i >= 0);
  const nonEmpty = identities.map((ids, i) => (ids.length >= 1 ? i : -1)).filter((i) => i >= 0);
  const images = identities.reduce((n, ids) => n + ids.length, 0);
  const samePossible = identities.reduce((n, ids) => n + (ids.length * (ids.length - 1)) / 2, 0);
  const differentPossible = (images * (images - 1)) / 2 - samePossible;
  const target = Math.min(perFold, Math.floor(samePossible / folds), Math.floor(differentPossible / folds));
  if (target === 0 || withTwo.length === 0 || nonEmpty.length < 2) return [];
  const rng = new Rng(hashSeed(seed, 0x70616972));
  const seen = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const draw = (make: () => [number, number]): [number, number] | null => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const [a, b] = make();
      if (!seen.has(key(a, b))) {
        seen.add(key(a, b));
        return [a, b];
      }
    }
    return null;
  };
  const sameMaker = (): [number, number] => {
    const ids = identities[rng.pick(withTwo)];
    const i = rng.int(ids.length);
    const j = (i + 1 + rng.int(ids.length - 1)) % ids.length;
    return [ids[i], ids[j]];
  };
  const differentMaker = (): [number, number] => {
    const p = rng.int(nonEmpty.length);
    const q = (p + 1 + rng.int(nonEmpty.length - 1)) % nonEmpty.length;
    const a = identities[nonEmpty[p]];
    const b = identities[nonEmpty[q]];
    return [a[rng.int(a.length)], b[rng.int(b.length)]];
  };
  const drawn: { same: [number, number][]; different: [number, number][] }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const same: [number, number][] = [];
    const different: [number, number][] = [];
    for (let k = 0; k < target; k++) {
      const s = draw(sameMaker);
      if (s) same.push(s);
      const d = draw(differentMaker);
      if (d) different.push(d);
    }
    drawn.push({ same, different });
  }
  // Random draws near the number of distinct pairs can leave a fold short: trim all folds to the shortest.
  const kept = Math.min(...drawn.map((f) => Math.min(f.same.length, f.different.length)));
  return drawn.flatMap((f, fold) => [
    ...f.same.slice(0, kept).map(([a, b]) => ({ a, b, same: true, fold })),
    ...f.different.slice(0, kept).map(([a, b]) => ({ a, b, same: false, fold })),
  ]);
}
