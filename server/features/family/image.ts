/**
 * A photo of a child's drawing, made safe to keep (docs/SPEC.md, FA6, decision 0015): the type is read from the
 * bytes (JPEG, PNG or WebP; what the browser claims is ignored), the pixel count is checked from the header before
 * anything is decoded, and the image is decoded and written anew by sharp (libvips) as a baseline JPEG in sRGB,
 * turned upright by its EXIF orientation and at most DRAWING_LIMITS.maxSide pixels a side. Nothing of the upload's
 * metadata survives: sharp writes no EXIF (camera, time, GPS position), XMP, IPTC, ICC profile or comment unless
 * asked to, and it is never asked.
 */
import sharp, { type Metadata } from 'sharp';
import { DRAWING_LIMITS } from '../../../shared/family.js';

// No decoded images kept between requests: a drawing is read once, when it is uploaded.
sharp.cache(false);

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Why an upload is refused: 413 too large, 415 not an image we take, 400 an image that does not decode. */
export class ImageRefused extends Error {
  constructor(
    readonly code: 'image_too_large' | 'unsupported_image' | 'invalid_image',
    readonly status: 400 | 413 | 415,
  ) {
    super(code);
  }
}

/** The image type by its first bytes (magic numbers), or null. */
export function sniffImageType(bytes: Uint8Array): SniffedType | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

const FORMAT_OF: Record<SniffedType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

export interface Drawing {
  data: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

/** The upload re-encoded as described above; throws ImageRefused. */
export async function reencodeDrawing(bytes: Uint8Array): Promise<Drawing> {
  if (bytes.length > DRAWING_LIMITS.maxUploadBytes) throw new ImageRefused('image_too_large', 413);
  const type = sniffImageType(bytes);
  if (!type) throw new ImageRefused('unsupported_image', 415);
  let meta: Metadata;
  try {
    // The header only: width and height before a single pixel is decoded.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefused('invalid_image', 400);
  }
  if (meta.format !== FORMAT_OF[type] || !meta.width || !meta.height) throw new ImageRefused('invalid_image', 400);
  // A decompression bomb (a small file of a huge image) is refused here, undecoded.
  if (meta.width * meta.height > DRAWING_LIMITS.maxInputPixels) throw new ImageRefused('image_too_large', 413);
  const encode = (quality: number) =>
    sharp(bytes, { limitInputPixels: DRAWING_LIMITS.maxInputPixels, failOn: 'error', pages: 1 }) // an animation: its first frame
      .rotate() // upright by the EXIF orientation, which is then dropped with the rest
      .resize({ width: DRAWING_LIMITS.maxSide, height: DRAWING_LIMITS.maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // a transparent PNG on white paper
      .toColourspace('srgb')
      .jpeg({ quality, progressive: false }) // baseline: what every PDF reader and PDF/A takes
      .toBuffer({ resolveWithObject: true });
  let encoded: Awaited<ReturnType<typeof encode>>;
  try {
    encoded = await encode(85);
    // Bounded where it is stored (FA9): a photo that would not fit is written more tightly, once.
    if (encoded.data.length > DRAWING_LIMITS.maxStoredBytes) encoded = await encode(60);
  } catch {
    throw new ImageRefused('invalid_image', 400);
  }
  if (encoded.data.length > DRAWING_LIMITS.maxStoredBytes) throw new ImageRefused('image_too_large', 413);
  return { data: encoded.data, mime: 'image/jpeg', width: encoded.info.width, height: encoded.info.height };
}
