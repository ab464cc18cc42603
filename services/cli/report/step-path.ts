// Step lines: flat until the next point's x, then straight up or down to it. Both the
// Pareto front (best accuracy reachable within a latency) and the running best reward
// hold their value until the next point changes it.

export type Vertex = readonly [number, number];

/** The corners of the step line through `points` (ordered by x); it passes through every point. */
export function stepVertices(points: readonly Vertex[]): Vertex[] {
  return points.flatMap((point, i): Vertex[] => (i === 0 ? [point] : [[point[0], points[i - 1][1]], point]));
}

/** Pixel coordinates to two decimals: finer than a screen shows, and stable text. */
export function roundPixel(value: number): number {
  return Math.round(value * 100) / 100;
}

/** An SVG path `d` through the vertices. */
export function pathData(vertices: readonly Vertex[]): string {
  return vertices.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${roundPixel(x)},${roundPixel(y)}`).join(' ');
}
