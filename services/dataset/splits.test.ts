import { describe, expect, it } from 'vitest';
import { defaultPairsPerFold, drawVerificationPairs, heldOutCount, splitTrainingIdentities } from './splits.js';

describe('training / identification split', () => {
  it('holds out the last three images of identities with four or more: one gallery, two probes', () => {
    expect([1, 3, 4, 20].map(heldOutCount)).toEqual([0, 0, 3, 3]);
    const { training, probes, gallery } = splitTrainingIdentities([
      [0, 1, 2, 3, 4],
      [5, 6],
      [7, 8, 9, 10],
    ]);
    expect([...training.images]).toEqual([0, 1, 5, 6, 7]);
    expect([...training.labels]).toEqual([0, 0, 1, 1, 2]);
    expect([...training.classStart]).toEqual([0, 2, 4, 5]);
    expect(training.classes).toBe(3);
    expect(gallery).toEqual([
      { image: 2, label: 0 },
      { image: 8, label: 2 },
    ]);
    expect(probes).toEqual([
      { image: 3, label: 0 },
      { image: 4, label: 0 },
      { image: 9, label: 2 },
      { image: 10, label: 2 },
    ]);
  });
});

describe('drawn verification pairs', () => {
  const identities = Array.from({ length: 20 }, (_, i) => Array.from({ length: 5 }, (_, k) => 100 + i * 5 + k));
  const identityOf = (image: number) => Math.floor((image - 100) / 5);

  it('gives balanced folds of distinct, correctly labelled pairs, the same for the same seed', () => {
    const pairs = drawVerificationPairs(identities, 7, 10);
    expect(pairs.length).toBe(200);
    for (let fold = 0; fold < 10; fold++) {
      const inFold = pairs.filter((p) => p.fold === fold);
      expect(inFold.map((p) => p.same)).toEqual([...new Array(10).fill(true), ...new Array(10).fill(false)]);
    }
    for (const p of pairs) {
      expect(p.a).not.toBe(p.b);
      expect(identityOf(p.a) === identityOf(p.b)).toBe(p.same);
    }
    expect(new Set(pairs.map((p) => `${Math.min(p.a, p.b)},${Math.max(p.a, p.b)}`)).size).toBe(200);
    expect(drawVerificationPairs(identities, 7, 10)).toEqual(pairs);
    expect(drawVerificationPairs(identities, 8, 10)).not.toEqual(pairs);
  });

  it('gives every fold the same smaller count when distinct pairs run short, and none when a fold cannot get one', () => {
    // Three identities of three images: 9 distinct same pairs, 27 different ones.
    const small = [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ];
    const four = drawVerificationPairs(small, 1, 5, 2);
    expect([0, 1].map((fold) => four.filter((p) => p.fold === fold && p.same).length)).toEqual([4, 4]);
    expect([0, 1].map((fold) => four.filter((p) => p.fold === fold && !p.same).length)).toEqual([4, 4]);
    // Ten folds need ten same pairs: impossible with nine.
    expect(drawVerificationPairs(small, 1, 1)).toEqual([]);
    expect(drawVerificationPairs([[0, 1, 2]], 1, 3)).toEqual([]);
    expect(drawVerificationPairs([[0], [1]], 1, 3)).toEqual([]);
  });

  it('sizes pairs like LFW: about one pair of each kind per 20 images per fold, 300 at most', () => {
    expect([0, 19, 1000, 6000, 100_000].map(defaultPairsPerFold)).toEqual([1, 1, 50, 300, 300]);
  });
});
