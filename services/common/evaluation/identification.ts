// Closed-set top-1 identification: each probe is assigned the label of the gallery
// item with the highest cosine similarity (the first such item on ties).

import { dot, l2Normalize, type Embedding } from './embeddings.js';

export interface LabelledEmbedding {
  embedding: Embedding;
  label: number | string;
}

/** Fraction of probes whose nearest gallery item (by cosine) carries the probe's label. */
export function top1Identification(probes: readonly LabelledEmbedding[], gallery: readonly LabelledEmbedding[]): number {
  if (probes.length === 0) throw new RangeError('top-1 identification needs at least one probe');
  if (gallery.length === 0) throw new RangeError('top-1 identification needs a non-empty gallery');
  const galleryUnit = gallery.map((g) => l2Normalize(g.embedding));
  let hits = 0;
  for (const probe of probes) {
    const unit = l2Normalize(probe.embedding);
    let best = 0;
    let bestSimilarity = -Infinity;
    for (let j = 0; j < galleryUnit.length; j++) {
      const similarity = dot(unit, galleryUnit[j]);
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        best = j;
      }
    }
    if (gallery[best].label === probe.label) hits++;
  }
  return hits / probes.length;
}
