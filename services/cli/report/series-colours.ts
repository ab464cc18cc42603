// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** The colour of the i-th series; past the palette it repeats. */
export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}
