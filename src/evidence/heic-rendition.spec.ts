import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { heic, jpeg } from '../../test/support/files.js';
import { threadId } from 'node:worker_threads';
import { HeicRenditions } from './heic-rendition.js';

// test/fixtures/tiny-64x48.heic is a real HEIC (HEVC-coded, 891 bytes): a 64×48 gradient encoded with
// libheif's `heif-enc -q 30` (Debian libheif-examples 1.15.1), since no npm package here ships one.
const FIXTURE = path.resolve('test/fixtures/tiny-64x48.heic');

describe('HeicRenditions', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ducha-heic-'));
  const renditions = new HeicRenditions();
  afterAll(() => renditions.onApplicationShutdown());
  const jpegRendition = (file: string, mime: string) => renditions.jpeg(file, mime);
  it('turns a real HEIC into a JPEG of the same size', async () => {
    const out = await jpegRendition(FIXTURE, 'image/heic');
    expect(out).not.toBeNull();
    expect((await fileTypeFromBuffer(out!))?.mime).toBe('image/jpeg');
    // SOF0 frame header carries height and width: find it and read 48×64.
    const sof = out!.indexOf(Buffer.from([0xff, 0xc0]));
    expect([out!.readUInt16BE(sof + 5), out!.readUInt16BE(sof + 7)]).toEqual([48, 64]);
  });
  it('answers null, never throws, for a broken HEIC and for a photo that is not HEIC', async () => {
    const broken = path.join(dir, 'broken.heic');
    writeFileSync(broken, heic());
    expect(await jpegRendition(broken, 'image/heic')).toBeNull();
    const plain = path.join(dir, 'a.jpg');
    writeFileSync(plain, jpeg());
    expect(await jpegRendition(plain, 'image/jpeg')).toBeNull();
  });
  it('decodes on a worker thread, never on the request thread', async () => {
    const decoded = await renditions.decode(FIXTURE);
    expect(decoded).not.toBeNull();
    expect(decoded!.threadId).not.toBe(threadId);
  });
});
