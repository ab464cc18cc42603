// JSON with object keys sorted at every level, so equal values always give equal text
// (architecture ids and latency-table keys are hashes/lookups of this text).

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
