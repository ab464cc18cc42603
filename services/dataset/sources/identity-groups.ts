/** Consecutive image ids for identities of the given sizes: identity i owns [start_i, start_i + count_i). */
export function consecutiveGroups(counts: readonly number[]): { groups: Int32Array[]; imageIdentity: Int32Array } {
  const total = counts.reduce((a, b) => a + b, 0);
  const imageIdentity = new Int32Array(total);
  const groups: Int32Array[] = [];
  let start = 0;
  counts.forEach((count, identity) => {
    const group = new Int32Array(count);
    for (let k = 0; k < count; k++) group[k] = start + k;
    imageIdentity.fill(identity, start, start + count);
    groups.push(group);
    start += count;
  });
  return { groups, imageIdentity };
}
