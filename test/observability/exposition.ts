// Reads the Prometheus text exposition format (what /metrics answers) into metric
// families, so tests can ask which names, types and labels a service really exposes.
// Only as much of the format as prom-client writes; promtool is the strict parser.

export interface Sample {
  /** Series name: the family's, or `<family>_bucket|_sum|_count` for histograms and summaries. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`cannot read the labels of: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** The family a series belongs to: histograms and summaries name theirs with suffixes. */
function familyOf(series: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const direct = families.get(series);
  if (direct) return direct;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  const family = families.get(base);
  return family && (family.type === 'histogram' || family.type === 'summary') ? family : undefined;
}

export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const family = (name: string): MetricFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', samples: [] }));
    return f;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') f.help = meta[3]!;
      else f.type = meta[3]!;
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const owner = familyOf(sample[1]!, families);
    if (!owner) throw new Error(`sample of a metric without TYPE: ${line}`);
    owner.samples.push({ name: sample[1]!, labels: sample[2] ? parseLabels(sample[2], line) : {}, value: Number(sample[3]) });
  }
  return families;
}
