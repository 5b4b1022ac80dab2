import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jpeg, jpegWithExif } from '../../test/support/files.js';
import { captureInstant, readCaptureTime } from './capture-time.js';

describe('captureInstant', () => {
  it('reads a zone-less EXIF time in the org zone (Beijing is UTC+8)', () => {
    expect(captureInstant({ DateTimeOriginal: '2024:03:15 09:30:00' }, 'Asia/Shanghai')?.toISOString()).toBe('2024-03-15T01:30:00.000Z');
  });
  it('prefers the offset the camera wrote', () => {
    expect(captureInstant({ DateTimeOriginal: '2024:03:15 09:30:00', OffsetTimeOriginal: '+09:00' }, 'Asia/Shanghai')?.toISOString()).toBe(
      '2024-03-15T00:30:00.000Z',
    );
  });
  it('falls back to CreateDate and refuses unset clocks and junk', () => {
    expect(captureInstant({ CreateDate: '2024:01:02 03:04:05' }, 'Asia/Shanghai')?.toISOString()).toBe('2024-01-01T19:04:05.000Z');
    expect(captureInstant({ DateTimeOriginal: '0000:00:00 00:00:00' }, 'Asia/Shanghai')).toBeNull();
    expect(captureInstant({ DateTimeOriginal: 'yesterday' }, 'Asia/Shanghai')).toBeNull();
    expect(captureInstant(undefined, 'Asia/Shanghai')).toBeNull();
  });
});

describe('readCaptureTime', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ducha-exif-'));
  const write = (name: string, b: Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, b);
    return p;
  };
  it('reads DateTimeOriginal from a JPEG file', async () => {
    const at = await readCaptureTime(write('a.jpg', jpegWithExif('2024:03:15 09:30:00')), 'image/jpeg', 'Asia/Shanghai');
    expect(at?.toISOString()).toBe('2024-03-15T01:30:00.000Z');
  });
  it('answers null, never throws, for a JPEG without EXIF, a broken EXIF and a non-photo', async () => {
    expect(await readCaptureTime(write('b.jpg', jpeg()), 'image/jpeg', 'Asia/Shanghai')).toBeNull();
    const broken = jpegWithExif('2024:03:15 09:30:00');
    broken.writeUInt32BE(0xfffffff0, 2 + 4 + 6 + 4); // IFD0 offset far past the end
    expect(await readCaptureTime(write('c.jpg', broken), 'image/jpeg', 'Asia/Shanghai')).toBeNull();
    expect(await readCaptureTime(write('d.pdf', Buffer.from('%PDF-1.4')), 'application/pdf', 'Asia/Shanghai')).toBeNull();
  });
});
