import { readFile } from 'node:fs/promises';

/** HEIC/HEIF as file-type names them; macOS Safari uploads these as they are, and most browsers cannot show them. */
const HEIC_MIMES = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

export function needsJpegRendition(mime: string): boolean {
  return HEIC_MIMES.has(mime);
}

/**
 * A JPEG of a stored HEIC photo (its primary image), for the reviewer's browser; null when the file is
 * not HEIC or cannot be decoded. Never throws: a photo the decoder cannot read is still kept as uploaded.
 * heic-convert is libheif compiled to WebAssembly (pure JS, no native binary), so it runs wherever Node does.
 */
export async function jpegRendition(file: string, mime: string, quality = 0.85): Promise<Buffer | null> {
  if (!needsJpegRendition(mime)) return null;
  try {
    // Loaded on first use: the WebAssembly decoder is only needed for a HEIC photo.
    const { default: convert } = await import('heic-convert');
    const out = await convert({ buffer: await readFile(file), format: 'JPEG', quality });
    const jpeg = Buffer.from(out instanceof ArrayBuffer ? new Uint8Array(out) : out);
    return jpeg.length > 3 && jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : null;
  } catch {
    return null;
  }
}
