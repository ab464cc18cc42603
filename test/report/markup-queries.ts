// Reading the report's own markup in unit tests without a DOM: the renderer writes
// attributes double-quoted and SVG elements never nest an <svg> in another.

/** The first `<svg class="…">…</svg>` whose class list holds `className`, or undefined. */
export function svgByClass(markup: string, className: string): string | undefined {
  const match = new RegExp(`<svg class="(?:[^"]* )?${className}(?: [^"]*)?"[\\s\\S]*?</svg>`).exec(markup);
  return match?.[0];
}

/** Every opening tag of `tagName` in the markup. */
export function openingTags(markup: string, tagName: string): string[] {
  return markup.match(new RegExp(`<${tagName}\\b[^>]*>`, 'g')) ?? [];
}

export function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The opening tags carrying a `data-trial` attribute: one per plotted point. */
export function trialMarks(svg: string): string[] {
  return svg.match(/<(?:circle|path)\b[^>]*\sdata-trial="[^"]*"[^>]*>/g) ?? [];
}

/** The vertices of a path written as `M x,y L x,y …`. */
export function pathVertices(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** A plotted point's centre: cx/cy of a circle, data-cx/data-cy of the baseline diamond. */
export function markCentre(tag: string): [number, number] {
  const x = attribute(tag, 'cx') ?? attribute(tag, 'data-cx');
  const y = attribute(tag, 'cy') ?? attribute(tag, 'data-cy');
  if (x === undefined || y === undefined) throw new Error(`no centre in ${tag}`);
  return [Number(x), Number(y)];
}
