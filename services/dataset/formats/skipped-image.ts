/** An image left out of a dataset: where it is (file path or record) and why. */
export interface SkippedImage {
  path: string;
  reason: string;
}
