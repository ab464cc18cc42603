// Channel arithmetic shared by the spec, the cost model and the builder.

/**
 * MnasNet/MobileNet `_make_divisible`: round to the nearest multiple of `divisor`,
 * never below `divisor` and never more than 10% below the exact value.
 */
export function makeDivisible(value: number, divisor = 8): number {
  let rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

/** A block's output channels: base × width, rounded to a multiple of 8. */
export function scaledChannels(base: number, width: number): number {
  return makeDivisible(base * width);
}

/** Squeeze-and-excite bottleneck width: reduction 4, rounded like MobileNetV3. */
export function squeezeChannels(channels: number): number {
  return makeDivisible(channels / 4);
}

/** Spatial size after a 'same'-padded layer of this stride. */
export function outputSize(inputSize: number, stride: number): number {
  return Math.ceil(inputSize / stride);
}
