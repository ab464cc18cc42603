import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DEFAULTS, parseSearchInvocation } from './search-options.js';

const dir = mkdtempSync(join(tmpdir(), 'facenas-opts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('facenas search options', () => {
  it('fills the embedded defaults, with the baseline on and T left to be measured', () => {
    const inv = parseSearchInvocation([], {});
    expect(inv.kind).toBe('new');
    if (inv.kind !== 'new') return;
    expect(inv.spec).toMatchObject({
      dataset: EMBEDDED_DEFAULTS.dataset,
      maxTrials: EMBEDDED_DEFAULTS.trials,
      includeBaseline: true,
      algorithm: { name: 'reinforce', settings: [] },
      budget: { epochs: EMBEDDED_DEFAULTS.epochs, imageSize: EMBEDDED_DEFAULTS.imageSize, loss: 'LOSS_SOFTMAX', flip: true, warmupEpochs: 1 },
      reward: { constraint: 'REWARD_CONSTRAINT_SOFT', targetLatencyMs: 0 },
    });
    expect(inv.run).toMatchObject({ trainers: EMBEDDED_DEFAULTS.trainers, deriveTarget: true, logLevel: 'warn' });
  });

  it('maps every flag into the spec; --target-ms turns off the baseline-derived T', () => {
    const inv = parseSearchInvocation(
      ['--strategy', 'evolution', '--set', 'population=8', '--set', 'sample=3', '--trials', '20', '--epochs', '1', '--constraint', 'hard', '--target-ms', '12.5', '--objective', 'top1', '--loss', 'arcface', '--no-baseline', '--no-flip', '--seed', '7', '--nats', 'nats://h:4222'],
      {},
    );
    if (inv.kind !== 'new') throw new Error('expected a new search');
    expect(inv.spec).toMatchObject({
      algorithm: { name: 'evolution', settings: [{ name: 'population', value: '8' }, { name: 'sample', value: '3' }] },
      maxTrials: 20,
      seed: 7,
      objective: 'OBJECTIVE_TOP1',
      includeBaseline: false,
      budget: { epochs: 1, warmupEpochs: 0, loss: 'LOSS_ARCFACE', flip: false },
      reward: { constraint: 'REWARD_CONSTRAINT_HARD', targetLatencyMs: 12.5 },
    });
    expect(inv.run).toMatchObject({ deriveTarget: false, nats: 'nats://h:4222' });
  });

  it('reads a YAML config; flags win over it', () => {
    const config = file('ok.yaml', 'strategy: random\ntrials: 5\nset:\n  foo: 1\nimage-size: 64\n');
    const inv = parseSearchInvocation(['--config', config, '--trials', '6'], {});
    if (inv.kind !== 'new') throw new Error('expected a new search');
    expect(inv.spec).toMatchObject({ algorithm: { name: 'random', settings: [{ name: 'foo', value: '1' }] }, maxTrials: 6, budget: { imageSize: 64 } });
  });

  it('names the bad option: a flag, a config key, an unknown key, a bad file', () => {
    expect(() => parseSearchInvocation(['--trials', 'many'], {})).toThrow(/^--trials: /);
    expect(() => parseSearchInvocation(['--constraint', 'loose'], {})).toThrow(/^--constraint: /);
    expect(() => parseSearchInvocation(['--bogus'], {})).toThrow(/Unknown option '--bogus'/);
    expect(() => parseSearchInvocation(['--config', file('bad.yaml', 'epochs: -1\n')], {})).toThrow(/bad\.yaml: epochs: must be at least 1/);
    expect(() => parseSearchInvocation(['--config', file('unknown.yaml', 'epoch: 3\n')], {})).toThrow(/unknown\.yaml: epoch: unknown option "epoch"/);
    expect(() => parseSearchInvocation(['--config', file('list.yaml', '- a\n')], {})).toThrow(/must hold a mapping/);
    expect(() => parseSearchInvocation(['--config', join(dir, 'missing.yaml')], {})).toThrow(/--config: cannot read .*ENOENT/);
  });

  it('--resume takes a run folder and ignores the spec', () => {
    expect(parseSearchInvocation(['--resume', 'runs/x'], {})).toMatchObject({ kind: 'resume', runDir: 'runs/x' });
  });
});
