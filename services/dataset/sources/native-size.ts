import { imageDimensions } from '../formats/image-codec.js';

/** Served when no readable image says otherwise (InsightFace's crop). */
export const FALLBACK_IMAGE_SIZE = 112;

/**
 * A file-backed set's own image side: the shorter side of the first readable image
 * among the first few (a dataset's images share one size in every format we read).
 */
export async function nativeImageSize(read: (image: number) => Promise<Uint8Array>, imageCount: number): Promise<number> {
  for (let image = 0; image < Math.min(imageCount, 8); image++) {
    try {
      const { width, height } = await imageDimensions(await read(image));
      return Math.min(width, height);
    } catch {
      // A corrupt first image is skipped later when it is loaded; try the next.
    }
  }
  return FALLBACK_IMAGE_SIZE;
}
