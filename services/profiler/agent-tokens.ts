import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FacenasError, InvalidArgumentError } from '../common/errors/errors.js';

// Who may connect as an edge agent. The file holds one `token device-pattern` per line
// (`#` comments and blank lines ignored); a pattern is a device name with `*` wildcards,
// so `*` is a fleet token and `pixel-*` covers a family. A Kubernetes Secret mounted as
// a file works as is.

export interface AgentTokenRule {
  /** sha256 of the token: the plain token is not kept in memory longer than parsing. */
  digest: Buffer;
  pattern: string;
}

export class AgentTokens {
  private constructor(private readonly rules: readonly AgentTokenRule[]) {}

  static parse(text: string, source = 'agent tokens'): AgentTokens {
    const rules: AgentTokenRule[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const parts = line.split(/\s+/);
      // Never echo the line: it holds a secret.
      if (parts.length !== 2) throw new InvalidArgumentError(`${source}:${index + 1}`, 'expected "TOKEN DEVICE-PATTERN"');
      const [token, pattern] = parts;
      if (token.length < 16) throw new InvalidArgumentError(`${source}:${index + 1}`, 'token must be at least 16 characters');
      rules.push({ digest: digest(token), pattern });
    });
    if (rules.length === 0) throw new InvalidArgumentError(source, 'no tokens in file');
    return new AgentTokens(rules);
  }

  /** One token for devices matching `pattern` (embedded mode: a token generated at start, handed to the local agent). */
  static single(token: string, pattern = '*'): AgentTokens {
    return AgentTokens.parse(`${token} ${pattern}`, 'token');
  }

  static fromFile(path: string): AgentTokens {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new InvalidArgumentError('--agent-tokens', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return AgentTokens.parse(text, path);
  }

  /** The device patterns this token may announce; throws UNAUTHENTICATED when it matches no rule. */
  authenticate(authorization: string | undefined): string[] {
    const token = bearerToken(authorization);
    if (token === null) throw new FacenasError('UNAUTHENTICATED', 'agent must send "authorization: Bearer <token>"');
    const presented = digest(token);
    const patterns = this.rules.filter((rule) => timingSafeEqual(rule.digest, presented)).map((rule) => rule.pattern);
    if (patterns.length === 0) throw new FacenasError('UNAUTHENTICATED', 'invalid agent token');
    return patterns;
  }
}

/** A fresh random token (256 bits, base64url). */
export function generateAgentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Throws PERMISSION_DENIED unless one of `patterns` covers `device`. */
export function authorizeDevice(patterns: readonly string[], device: string): void {
  if (!patterns.some((pattern) => devicePatternMatches(pattern, device))) {
    throw new FacenasError('PERMISSION_DENIED', `this agent token may not announce device ${JSON.stringify(device)}`);
  }
}

export function devicePatternMatches(pattern: string, device: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(device);
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
