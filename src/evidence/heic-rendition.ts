import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { WorkerPool } from '../common/worker-pool.js';

/** HEIC/HEIF as file-type names them; macOS Safari uploads these as they are, and most browsers cannot show them. */
const HEIC_MIMES = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

export function needsJpegRendition(mime: string): boolean {
  return HEIC_MIMES.has(mime);
}

/** True for bytes that start like a JPEG (SOI marker): what the decoder hands back is checked, not trusted. */
export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8;
}

interface DecodeJob {
  id: number;
  file: string;
  quality: number;
}
type DecodeResult = { id: number; ok: true; jpeg: Uint8Array; threadId: number } | { id: number; ok: false; message: string };

/**
 * The decode thread's whole program, an ES module handed to the Worker as a data: URL so the same
 * thread runs from the compiled app and from the TypeScript specs (there is no compiled worker file
 * beside the sources). heic-convert is libheif compiled to WebAssembly: decoding a phone photo is
 * seconds of synchronous work, which on the request thread would hold every other request. Its
 * resolved file URL comes in workerData (a data: module can import only builtins and absolute URLs).
 */
const DECODE_WORKER_SOURCE = `
import { parentPort, workerData, threadId } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
const { default: convert } = await import(workerData.heicConvert);
parentPort.on('message', (job) => {
  readFile(job.file)
    .then((buffer) => convert({ buffer, format: 'JPEG', quality: job.quality }))
    .then(
      (out) => parentPort.postMessage({ id: job.id, ok: true, jpeg: new Uint8Array(out), threadId }),
      (e) => parentPort.postMessage({ id: job.id, ok: false, message: String((e && e.message) || e) }),
    );
});
`;

/** HEIC decodes at once: each takes a core and tens of MB of WebAssembly memory; more wait their turn. */
const POOL_SIZE = 1;

/**
 * JPEG renditions of stored HEIC photos (their primary image), for the reviewer's browser, made on a
 * worker thread. The worker starts on the first HEIC photo and is kept; a decode that crashes it
 * (out of memory on a huge photo) costs that rendition only, never the process.
 */
@Injectable()
export class HeicRenditions implements OnApplicationShutdown {
  private readonly pool = new WorkerPool<DecodeJob, DecodeResult>({
    name: HeicRenditions.name,
    label: 'HEIC 转换',
    size: POOL_SIZE,
    script: new URL(`data:text/javascript,${encodeURIComponent(DECODE_WORKER_SOURCE)}`),
    workerOptions: { workerData: { heicConvert: pathToFileURL(createRequire(import.meta.url).resolve('heic-convert')).href } },
  });

  /**
   * The JPEG of a stored HEIC photo; null when the file is not HEIC or cannot be decoded. Never throws:
   * a photo the decoder cannot read is still kept as uploaded.
   */
  async jpeg(file: string, mime: string, quality = 0.85): Promise<Buffer | null> {
    if (!needsJpegRendition(mime)) return null;
    return (await this.decode(file, quality))?.jpeg ?? null;
  }

  /** The decode itself, with the id of the thread that ran it (for the spec that proves it is not the request thread). */
  async decode(file: string, quality = 0.85): Promise<{ jpeg: Buffer; threadId: number } | null> {
    const r = await this.pool.run({ file, quality }).catch((e: Error): DecodeResult => ({ id: 0, ok: false, message: e.message }));
    if (!r.ok || !looksLikeJpeg(r.jpeg)) return null;
    return { jpeg: Buffer.from(r.jpeg.buffer, r.jpeg.byteOffset, r.jpeg.byteLength), threadId: r.threadId };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
