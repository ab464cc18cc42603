import sharp from 'sharp';

export type EncodedImageFormat = 'jpeg' | 'png';

export const RGB_CHANNELS = 3;

/**
 * Decodes a JPEG or PNG into `size`×`size` RGB, uint8, HWC. Greyscale and alpha
 * images become plain RGB; a non-square image is centre-cropped ('cover') so a face
 * keeps its proportions. Truncated files are rejected rather than padded with grey.
 */
export async function decodeImage(bytes: Uint8Array, size: number): Promise<Uint8Array> {
  let decoded;
  try {
    decoded = await sharp(bytes, { failOn: 'truncated' })
      .removeAlpha()
      .toColourspace('srgb')
      .resize(size, size, { fit: 'cover' })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    const format = sniffImageFormat(bytes);
    const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new Error(format ? `corrupt or truncated ${format.toUpperCase()} (${bytes.length} bytes): ${detail}` : `not a JPEG or PNG file (${bytes.length} bytes)`);
  }
  const { data, info } = decoded;
  if (info.channels !== RGB_CHANNELS || data.length !== size * size * RGB_CHANNELS) {
    throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${size}x${size}x3`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Width and height from the file's header (no full decode). */
export async function imageDimensions(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height) throw new Error('image has no dimensions');
  return { width: meta.width, height: meta.height };
}

/** Resizes an RGB HWC square image (used when a source renders at one size and is asked for another). */
export async function resizeRgb(pixels: Uint8Array, from: number, to: number): Promise<Uint8Array> {
  if (from === to) return pixels;
  const data = await sharp(pixels, { raw: { width: from, height: from, channels: RGB_CHANNELS } }).resize(to, to, { fit: 'fill' }).raw().toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Encodes RGB HWC pixels as JPEG (quality 95, what dataset exporters use) or lossless PNG. */
export async function encodeImage(pixels: Uint8Array, width: number, height: number, format: EncodedImageFormat, quality = 95): Promise<Buffer> {
  const image = sharp(pixels, { raw: { width, height, channels: RGB_CHANNELS } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
}

/** The format a file's first bytes announce, or null for anything else. */
export function sniffImageFormat(bytes: Uint8Array): EncodedImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  return null;
}
