import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDatasetUri, parseDatasetUri, SYNTHETIC_DEFAULTS } from './dataset-uri.js';

describe('dataset URIs', () => {
  it('fills synthetic defaults and spells every parameter out canonically', () => {
    expect(parseDatasetUri('synthetic:')).toEqual({ scheme: 'synthetic', params: SYNTHETIC_DEFAULTS });
    const parsed = parseDatasetUri('synthetic:identities=50,size=112,strength=0.5,eval_images=4');
    expect(parsed).toEqual({ scheme: 'synthetic', params: { ...SYNTHETIC_DEFAULTS, identities: 50, size: 112, strength: 0.5, evalImages: 4 } });
    expect(formatDatasetUri(parsed)).toBe('synthetic:identities=50,images=20,size=112,seed=1,strength=0.5,spread=1,eval_identities=100,eval_images=4');
    expect(parseDatasetUri('synthetic')).toEqual({ scheme: 'synthetic', params: SYNTHETIC_DEFAULTS });
  });

  it('names the bad part of a synthetic URI', () => {
    expect(() => parseDatasetUri('synthetic:identities=abc')).toThrow('uri.identities: must be a positive integer, got "abc"');
    expect(() => parseDatasetUri('synthetic:identities=0')).toThrow('uri.identities: must be a positive integer in [1, 1000000], got 0');
    expect(() => parseDatasetUri('synthetic:seed=-1')).toThrow('uri.seed: must be a non-negative integer, got "-1"');
    expect(() => parseDatasetUri('synthetic:size=100')).toThrow('uri.size: must be a multiple of 8 from 32 to 256, got 100');
    expect(() => parseDatasetUri('synthetic:colour=red')).toThrow('uri.colour: unknown synthetic parameter; expected one of identities, images, size, seed, strength, spread, eval_identities, eval_images');
    expect(() => parseDatasetUri('synthetic:images=3,images=4')).toThrow('uri.images: given twice');
    expect(() => parseDatasetUri('synthetic:images')).toThrow('uri.images: needs a value, as in images=20');
    expect(() => parseDatasetUri('synthetic:strength=lots', 'request.uri')).toThrow('request.uri.strength: must be a non-negative number, got "lots"');
  });

  it('parses path URIs with their options, resolving relative paths', () => {
    expect(parseDatasetUri('lfw:/data/lfw')).toEqual({ scheme: 'lfw', path: '/data/lfw', pairs: null });
    expect(parseDatasetUri('lfw:/data/lfw?pairs=/data/pairsDevTest.txt')).toEqual({ scheme: 'lfw', path: '/data/lfw', pairs: '/data/pairsDevTest.txt' });
    expect(parseDatasetUri('folder:casia')).toEqual({ scheme: 'folder', path: resolve('casia'), evalIdentities: null });
    expect(parseDatasetUri('rec:/d/train.rec?eval_identities=0')).toEqual({ scheme: 'rec', path: '/d/train.rec', evalIdentities: 0 });
    expect(parseDatasetUri('bin:/d/lfw.bin')).toEqual({ scheme: 'bin', path: '/d/lfw.bin' });
    expect(formatDatasetUri(parseDatasetUri('folder:/d/x?eval_identities=3'))).toBe('folder:/d/x?eval_identities=3');
  });

  it('names the bad part of a path URI', () => {
    expect(() => parseDatasetUri('')).toThrow('uri: must not be empty');
    expect(() => parseDatasetUri('http://x')).toThrow('uri.scheme: must be one of synthetic, lfw, folder, rec, bin (as in "synthetic:" or "folder:/data/casia"), got "http"');
    expect(() => parseDatasetUri('folder:')).toThrow('uri.path: a folder: URI needs a path');
    expect(() => parseDatasetUri('folder:/x?pairs=/p')).toThrow('uri.pairs: unknown option; expected eval_identities');
    expect(() => parseDatasetUri('bin:/x.bin?eval_identities=1')).toThrow('uri.eval_identities: this URI takes no options');
    expect(() => parseDatasetUri('rec:/x.rec?eval_identities=many')).toThrow('uri.eval_identities: must be a non-negative integer, got "many"');
  });
});
