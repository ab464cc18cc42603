import { describe, expect, it } from 'vitest';
import { isSubjectToken, subjectMatches, subjectPatternProblem, subjectsOverlap } from './subject-pattern.js';

describe('NATS subject patterns', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.b.d', false],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['>', 'a', true],
    ['*.b.>', 'x.b.c.d', true],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });

  it.each([
    ['a.>', 'a.b', true],
    ['a.>', 'b.>', false],
    ['a.*', 'a.b.c', false],
    ['a.*', '*.b', true],
    ['a.b.>', 'a.*', false],
    ['a.*.>', 'a.b.c', true],
    ['>', 'x.y', true],
    ['facenas.trials.>', 'facenas.events.>', false],
  ])('%s overlaps %s: %s (both ways)', (a, b, expected) => {
    expect(subjectsOverlap(a, b)).toBe(expected);
    expect(subjectsOverlap(b, a)).toBe(expected);
  });

  it('names what is wrong with a pattern', () => {
    expect(subjectPatternProblem('a.b.>', true)).toBeNull();
    expect(subjectPatternProblem('a.b.>', false)).toMatch(/wildcards/);
    expect(subjectPatternProblem('a.>.b', true)).toMatch(/only as the last token/);
    expect(subjectPatternProblem('a..b', true)).toMatch(/empty token/);
    expect(subjectPatternProblem('', true)).toMatch(/empty/);
    expect(subjectPatternProblem('a.b c', true)).toMatch(/invalid token/);
    expect(subjectPatternProblem('a.b*', true)).toMatch(/invalid token/);
  });

  it('accepts only plain tokens as ids', () => {
    expect(isSubjectToken('search-01_x')).toBe(true);
    for (const bad of ['', 'a.b', 'a*', '>', 'a b']) expect(isSubjectToken(bad)).toBe(false);
  });
});
