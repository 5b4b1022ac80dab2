import exifr from 'exifr';
import { DateTime } from 'luxon';

/** The EXIF date tags ducha reads, as exifr gives them with reviveValues off ("2024:03:15 09:30:00", "+08:00"). */
export interface ExifDates {
  DateTimeOriginal?: unknown;
  CreateDate?: unknown;
  OffsetTimeOriginal?: unknown;
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/**
 * The instant a photo was taken, from its EXIF dates, or null when there is none or it cannot be read.
 * EXIF DateTimeOriginal is the camera's wall-clock time with no zone. When the camera also wrote
 * OffsetTimeOriginal (newer phones do) that offset is used; otherwise the time is read in the org's
 * zone (Asia/Shanghai for a township), since the photo was taken where the org works.
 */
export function captureInstant(tags: ExifDates | null | undefined, zone: string): Date | null {
  if (!tags) return null;
  const raw = [tags.DateTimeOriginal, tags.CreateDate].find((v) => typeof v === 'string' && EXIF_DATE.test(v.trim())) as string | undefined;
  if (!raw) return null;
  const [, y, mo, d, h, mi, s] = EXIF_DATE.exec(raw.trim())!;
  const offset = typeof tags.OffsetTimeOriginal === 'string' && OFFSET.test(tags.OffsetTimeOriginal.trim()) ? tags.OffsetTimeOriginal.trim() : null;
  const at = DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s }, { zone: offset ? `UTC${offset}` : zone });
  // Cameras with no clock set write 0000:00:00 or 1970; neither is a capture time worth showing.
  if (!at.isValid || at.year < 1990) return null;
  return at.toJSDate();
}

/** Image types whose EXIF ducha reads (exifr parses these from the stored file). */
const EXIF_MIMES = new Set(['image/jpeg', 'image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/tiff']);

/** The capture time of a stored photo, or null. Never throws: missing or broken EXIF must not fail an upload. */
export async function readCaptureTime(file: string, mime: string, zone: string): Promise<Date | null> {
  if (!EXIF_MIMES.has(mime)) return null;
  try {
    const tags = (await exifr.parse(file, {
      tiff: true,
      exif: true,
      ifd1: false,
      gps: false,
      interop: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      reviveValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal'],
    })) as ExifDates | undefined;
    return captureInstant(tags, zone);
  } catch {
    return null;
  }
}
