import { describe, expect, it } from 'vitest';
import { formatLfwPairs, lfwImagePath, parseLfwPairs } from './lfw-pairs.js';

// Two folds of two same and two different pairs, as LFW writes them (tabs).
const PAIRS = [
  '2\t2',
  'Abel_Pacheco\t1\t4',
  'Akhmed_Zakayev\t1\t3',
  'Abdel_Madi_Shabneh\t1\tDean_Barker\t1',
  'Abdel_Madi_Shabneh\t1\tGiancarlo_Fisichella\t1',
  'Aaron_Peirsol\t1\t2',
  'Aaron_Peirsol\t3\t4',
  'AJ_Cook\t1\tMarsha_Thomason\t1',
  'Aaron_Sorkin\t2\tFrank_Solich\t5',
  '',
].join('\n');

describe('LFW pairs files', () => {
  it('reads folds of same then different pairs with their line numbers', () => {
    const parsed = parseLfwPairs(PAIRS, 'pairs.txt');
    expect(parsed.style).toBe('folds');
    expect(parsed.folds).toBe(2);
    expect(parsed.perFold).toBe(2);
    expect(parsed.pairs.map((p) => [p.fold, p.same, p.line])).toEqual([
      [0, true, 2],
      [0, true, 3],
      [0, false, 4],
      [0, false, 5],
      [1, true, 6],
      [1, true, 7],
      [1, false, 8],
      [1, false, 9],
    ]);
    expect(parsed.pairs[0]).toMatchObject({ a: { name: 'Abel_Pacheco', number: 1 }, b: { name: 'Abel_Pacheco', number: 4 } });
    expect(parsed.pairs[7]).toMatchObject({ a: { name: 'Aaron_Sorkin', number: 2 }, b: { name: 'Frank_Solich', number: 5 } });
  });

  it('reads the dev layout (one count, then that many same and different lines)', () => {
    const parsed = parseLfwPairs('1\nA_B 1 2\nA_B 1 C_D 1\n', 'pairsDevTest.txt');
    expect(parsed).toMatchObject({ style: 'dev', folds: 1, perFold: 1 });
    expect(parsed.pairs.map((p) => p.same)).toEqual([true, false]);
  });

  it('names the file and line of a malformed line', () => {
    const bad = PAIRS.replace('Aaron_Peirsol\t3\t4', 'Aaron_Peirsol\t3');
    expect(() => parseLfwPairs(bad, '/data/pairs.txt')).toThrow('/data/pairs.txt:7: expected a same-person line "Name n1 n2" (numbers from 1), got "Aaron_Peirsol\\t3"');
    const zero = PAIRS.replace('AJ_Cook\t1', 'AJ_Cook\t0');
    expect(() => parseLfwPairs(zero, 'p.txt')).toThrow('p.txt:8: expected a different-person line');
    expect(() => parseLfwPairs('ten\t300\n', 'p.txt')).toThrow('p.txt:1: expected a header "folds<TAB>pairs" or one count, got "ten\\t300"');
  });

  it('rejects a file shorter or longer than its header says', () => {
    expect(() => parseLfwPairs(PAIRS.split('\n').slice(0, 6).join('\n'), 'p.txt')).toThrow('p.txt:6: file ends after 5 pairs; the header promises 8');
    expect(() => parseLfwPairs(`${PAIRS}X 1 2\n`, 'p.txt')).toThrow('p.txt:10: unexpected line after the 8 pairs the header announces');
  });

  it('writes what it reads', () => {
    const parsed = parseLfwPairs(PAIRS, 'pairs.txt');
    expect(formatLfwPairs(parsed)).toBe(PAIRS);
    expect(() => formatLfwPairs({ ...parsed, perFold: 3 })).toThrow('pairs.fold.0: needs 3 same and 3 different pairs, got 2 and 2');
  });

  it('builds LFW image paths numbered from 1 with four digits', () => {
    expect(lfwImagePath({ name: 'Abel_Pacheco', number: 4 })).toBe('Abel_Pacheco/Abel_Pacheco_0004.jpg');
  });
});
