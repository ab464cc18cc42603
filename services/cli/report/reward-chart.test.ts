import { describe, expect, it } from 'vitest';
import { attribute, openingTags, pathVertices, trialMarks } from '../../../test/report/markup-queries.js';
import { renderRewardChart } from './reward-chart.js';

const points = [
  { trialId: 't0', index: 0, reward: 0.6 },
  { trialId: 't1', index: 1, reward: 0.8 },
  { trialId: 't3', index: 3, reward: 0.7 },
];

describe('renderRewardChart', () => {
  it('draws every reward and a running best that never falls', () => {
    const svg = renderRewardChart([{ searchId: 'a', label: 'reinforce · a', points }]).markup;
    expect(trialMarks(svg).map((t) => attribute(t, 'data-trial'))).toEqual(['t0', 't1', 't3']);
    const best = openingTags(svg, 'path').find((t) => attribute(t, 'class') === 'running-best')!;
    const ys = pathVertices(attribute(best, 'd')!).map(([, y]) => y);
    // SVG y grows downwards: a reward that never falls is a y that never grows.
    ys.slice(1).forEach((y, i) => expect(y).toBeLessThanOrEqual(ys[i]));
    // The last best is trial 1's 0.8, drawn at trial 1's dot height.
    const t1 = trialMarks(svg).find((t) => attribute(t, 'data-trial') === 't1')!;
    expect(ys[ys.length - 1]).toBe(Number(attribute(t1, 'cy')));
  });

  it('keeps a search without rewards in the legend but draws no line for it', () => {
    const markup = renderRewardChart([
      { searchId: 'a', label: 'reinforce · a', points },
      { searchId: 'b', label: 'random · b', points: [] },
    ]).markup;
    expect(openingTags(markup, 'path').filter((t) => attribute(t, 'class') === 'running-best')).toHaveLength(1);
    expect(markup).toContain('random · b (0 rewarded trials, best none)');
  });

  it('says so when no search has a reward', () => {
    expect(renderRewardChart([{ searchId: 'a', label: 'a', points: [] }]).markup).toContain('No rewarded trials yet');
  });
});
