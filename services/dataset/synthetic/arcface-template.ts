// The five-point template InsightFace aligns MS1M/LFW crops to (112x112: left eye,
// right eye, nose tip, left and right mouth corners, in image left/right), pixel
// centres at integer coordinates as in cv2.warpAffine.

const ARCFACE_112 = [38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041];

/** Template landmarks for a `size`x`size` crop (flat x, y pairs). */
export function arcfaceTemplate(size: number): Float64Array {
  return Float64Array.from(ARCFACE_112, (v) => (v * size) / 112);
}
