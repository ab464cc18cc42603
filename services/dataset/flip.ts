/** Mirrors an RGB HWC square image left-right in place. */
export function flipHorizontal(pixels: Uint8Array, size: number, channels = 3): void {
  const row = size * channels;
  for (let y = 0; y < size; y++) {
    const base = y * row;
    for (let left = 0, right = size - 1; left < right; left++, right--) {
      for (let c = 0; c < channels; c++) {
        const a = base + left * channels + c;
        const b = base + right * channels + c;
        const t = pixels[a];
        pixels[a] = pixels[b];
        pixels[b] = t;
      }
    }
  }
}
