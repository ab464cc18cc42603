// What a PromQL expression refers to: metric names, the labels its selectors match on,
// and the labels it groups by. A tokenizer, not a parser: whether the expression parses
// at all is promtool's job (promtool.ts); this only has to find the names reliably in
// expressions promtool accepts.

export interface SelectorReference {
  metric: string;
  matcherLabels: string[];
}

export interface PromqlReferences {
  selectors: SelectorReference[];
  /** Labels named in by(...), without(...), on(...), ignoring(...), group_left/right(...). */
  groupingLabels: string[];
}

const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const OTHER_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

type Token = { kind: 'ident' | 'string' | 'number' | 'duration' | 'punct'; text: string };

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const rest = expr.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const string = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/.exec(rest);
    // A range `[5m]` or a bare duration (`offset 1h30m`).
    const range = /^\[[^\]]*\]/.exec(rest) ?? /^(\d+(ms|[smhdwy]))+(?![a-zA-Z0-9_:])/.exec(rest);
    const number = /^(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(rest);
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    const punct = /^(==|!=|=~|!~|<=|>=|[-+*/%^<>=(){},@])/.exec(rest);
    const match = string ? { kind: 'string' as const, m: string } : range ? { kind: 'duration' as const, m: range } : number ? { kind: 'number' as const, m: number } : ident ? { kind: 'ident' as const, m: ident } : punct ? { kind: 'punct' as const, m: punct } : undefined;
    if (!match) throw new Error(`cannot read PromQL at ${JSON.stringify(rest.slice(0, 20))} in ${expr}`);
    tokens.push({ kind: match.kind, text: match.m[0] });
    i += match.m[0].length;
  }
  return tokens;
}

/** Reads `( a, b, c )` starting at tokens[start] = '('; returns the names and the index after ')'. */
function labelList(tokens: Token[], start: number): { labels: string[]; next: number } {
  const labels: string[] = [];
  let i = start + 1;
  while (i < tokens.length && tokens[i].text !== ')') {
    if (tokens[i].kind === 'ident') labels.push(tokens[i].text);
    i++;
  }
  return { labels, next: i + 1 };
}

/** Reads `{ label op "value", ... }` starting at tokens[start] = '{'. */
function matchers(tokens: Token[], start: number): { labels: string[]; next: number } {
  const labels: string[] = [];
  let i = start + 1;
  while (i < tokens.length && tokens[i].text !== '}') {
    if (tokens[i].kind === 'ident' && ['=', '!=', '=~', '!~'].includes(tokens[i + 1]?.text ?? '')) labels.push(tokens[i].text);
    i++;
  }
  return { labels, next: i + 1 };
}

export function promqlReferences(expr: string): PromqlReferences {
  const tokens = tokenize(expr);
  const selectors: SelectorReference[] = [];
  const groupingLabels: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const next = tokens[i + 1]?.text;
    if (token.kind === 'punct' && token.text === '{') throw new Error(`selector without a metric name in ${expr}: name the metric`);
    if (token.kind !== 'ident') {
      i++;
      continue;
    }
    if (LABEL_LIST_KEYWORDS.has(token.text) && next === '(') {
      const list = labelList(tokens, i + 1);
      groupingLabels.push(...list.labels);
      i = list.next;
    } else if (LABEL_LIST_KEYWORDS.has(token.text) || AGGREGATIONS.has(token.text) || OTHER_KEYWORDS.has(token.text) || next === '(') {
      i++; // an aggregation, a keyword or a function call
    } else if (next === '{') {
      const m = matchers(tokens, i + 1);
      selectors.push({ metric: token.text, matcherLabels: m.labels });
      i = m.next;
    } else {
      selectors.push({ metric: token.text, matcherLabels: [] });
      i++;
    }
  }
  return { selectors, groupingLabels };
}

/** Grafana's built-in interval variables, replaced by values promtool accepts. */
const GRAFANA_INTERVALS: Record<string, string> = { __rate_interval: '5m', __interval: '1m', __range: '1h' };

/** The expression as Prometheus would receive it from Grafana; any other variable is an error. */
export function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => {
    const value = GRAFANA_INTERVALS[name];
    if (value === undefined) throw new Error(`unknown Grafana variable ${whole} in ${expr}`);
    return value;
  });
}
