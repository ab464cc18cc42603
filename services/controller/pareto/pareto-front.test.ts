import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from './pareto-front.js';

const t = (id: string, accuracy: number, latencyMs: number) => ({ id, accuracy, latencyMs });

describe('Pareto front (max accuracy, min latency)', () => {
  it('keeps the non-dominated trials sorted by latency', () => {
    const trials = [t('a', 0.9, 30), t('b', 0.95, 50), t('c', 0.85, 10), t('d', 0.88, 40), t('e', 0.8, 20), t('f', 0.96, 80)];
    // d (0.88 @ 40) is beaten by a (0.9 @ 30); e (0.8 @ 20) by c (0.85 @ 10).
    expect(paretoFront(trials).map((x) => x.id)).toEqual(['c', 'a', 'b', 'f']);
  });

  it('keeps identical points, drops equal-latency worse and equal-accuracy slower ones', () => {
    const trials = [t('a', 0.9, 10), t('b', 0.9, 10), t('c', 0.8, 10), t('d', 0.9, 12), t('e', 0.95, 12)];
    // c: same latency as a, lower accuracy; d: same accuracy as a, slower.
    expect(paretoFront(trials).map((x) => x.id)).toEqual(['a', 'b', 'e']);
    expect(dominates(trials[0], trials[1])).toBe(false);
    expect(dominates(trials[0], trials[3])).toBe(true);
  });

  it('ignores trials without a finite accuracy or latency and handles the empty list', () => {
    expect(paretoFront([t('a', NaN, 1), t('b', 0.5, Infinity), t('c', 0.4, 3)]).map((x) => x.id)).toEqual(['c']);
    expect(paretoFront([])).toEqual([]);
  });
});
