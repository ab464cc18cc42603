// NATS subject rules, shared by the in-memory bus (which must route like NATS) and
// by the name checks both implementations run before touching a stream.
// A subject is dot-separated tokens; in a pattern `*` matches one token and `>`
// (last token only) matches one or more.

const TOKEN_FORBIDDEN = /[\s*>.]/;

/** Null when `pattern` is a valid subject pattern, else why not. */
export function subjectPatternProblem(pattern: string, allowWildcards: boolean): string | null {
  if (pattern.length === 0) return 'must not be empty';
  const tokens = pattern.split('.');
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token.length === 0) return `has an empty token in ${JSON.stringify(pattern)}`;
    if (token === '*' || token === '>') {
      if (!allowWildcards) return `must not contain wildcards (${JSON.stringify(pattern)})`;
      if (token === '>' && i !== tokens.length - 1) return `may use '>' only as the last token (${JSON.stringify(pattern)})`;
      continue;
    }
    if (/[\s*>]/.test(token)) return `has an invalid token ${JSON.stringify(token)} in ${JSON.stringify(pattern)}`;
  }
  return null;
}

/** True when the single token `token` can be used inside a subject (no dots, spaces or wildcards). */
export function isSubjectToken(token: string): boolean {
  return token.length > 0 && !TOKEN_FORBIDDEN.test(token);
}

/** Does the concrete subject `subject` match `pattern`? */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** Could some concrete subject match both patterns? (NATS refuses streams whose subjects overlap.) */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if (x[i] === '>' || y[i] === '>') return i < x.length && i < y.length;
    if (i >= x.length || i >= y.length) return false;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}
