import { describe, expect, it } from 'vitest';
import { AgentTokens, authorizeDevice, bearerToken, devicePatternMatches, generateAgentToken } from './agent-tokens.js';

const FLEET = 'fleet-token-0123456789';
const PIXEL = 'pixel-token-abcdefghij';

describe('agent tokens', () => {
  const tokens = AgentTokens.parse(`# comment\n\n${FLEET} *\n${PIXEL}   pixel-*\n`);

  it('matches device patterns with * wildcards only', () => {
    expect(devicePatternMatches('*', 'anything')).toBe(true);
    expect(devicePatternMatches('pixel-*', 'pixel-7')).toBe(true);
    expect(devicePatternMatches('pixel-*', 'iphone')).toBe(false);
    expect(devicePatternMatches('rpi4', 'rpi4')).toBe(true);
    expect(devicePatternMatches('rpi.4', 'rpiX4')).toBe(false);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('authenticates, then authorizes the announced device', () => {
    expect(tokens.authenticate(`Bearer ${FLEET}`)).toEqual(['*']);
    const patterns = tokens.authenticate(`Bearer ${PIXEL}`);
    expect(patterns).toEqual(['pixel-*']);
    expect(() => authorizeDevice(patterns, 'pixel-8')).not.toThrow();
    expect(() => authorizeDevice(patterns, 'rpi4')).toThrow(expect.objectContaining({ kind: 'PERMISSION_DENIED' }));
  });

  it('refuses missing and wrong tokens with UNAUTHENTICATED', () => {
    expect(() => tokens.authenticate(undefined)).toThrow(expect.objectContaining({ kind: 'UNAUTHENTICATED' }));
    expect(() => tokens.authenticate('Bearer not-a-token-at-all')).toThrow(expect.objectContaining({ kind: 'UNAUTHENTICATED' }));
  });

  it('generates tokens for embedded mode', () => {
    const token = generateAgentToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateAgentToken()).not.toBe(token);
    expect(AgentTokens.single(token).authenticate(`Bearer ${token}`)).toEqual(['*']);
  });

  it('rejects malformed files without echoing the secret', () => {
    expect(() => AgentTokens.parse('short *')).toThrow(/agent tokens:1: token must be at least 16/);
    let message = '';
    try {
      AgentTokens.parse(`${FLEET} a b`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/expected "TOKEN DEVICE-PATTERN"/);
    expect(message).not.toContain(FLEET);
    expect(() => AgentTokens.parse('# nothing\n')).toThrow(/no tokens/);
  });
});
