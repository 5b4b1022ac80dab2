import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingUpload, StoredUpload, UploadStorage } from '../common/multipart.js';
import { AppConfig } from '../config/app-config.js';

export interface StagedFile {
  tmpPath: string;
  sha256: string;
  size: number;
}

/**
 * The file writes of one upload request. When the multipart body turns out broken (truncated, a bad
 * part header), the parser may answer while a partial file is still open; `abort()` stops those
 * writes and resolves once each has removed its temp file, so "nothing stored" holds when we reply.
 */
export class InFlightWrites {
  private readonly writes: Array<{ source: Readable; done: Promise<unknown> }> = [];

  add(source: Readable, done: Promise<unknown>): void {
    this.writes.push({ source, done });
  }

  async abort(): Promise<void> {
    for (const w of this.writes) if (!w.source.destroyed) w.source.destroy(new Error('upload aborted'));
    await Promise.allSettled(this.writes.map((w) => w.done));
  }
}

/**
 * Content-addressed file store under <dataDir>/evidence: ab/cd/<sha256>. Uploads stream to
 * evidence/tmp while being hashed (never held in memory), then move into place, once per content.
 */
@Injectable()
export class EvidenceStorage {
  readonly root: string;
  readonly tmpDir: string;

  constructor(config: AppConfig) {
    this.root = path.join(config.dataDir, 'evidence');
    this.tmpDir = path.join(this.root, 'tmp');
  }

  pathFor(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * A storage engine (multer's contract, src/common/multipart.ts) that hashes while it writes to the temp dir. With `inFlight`, each write
   * is tracked there, so a request that fails mid-body can wait until its partial file is removed.
   */
  engine(inFlight?: InFlightWrites): UploadStorage {
    const tmpDir = this.tmpDir;
    return {
      _handleFile(_req: unknown, file: IncomingUpload, cb: (error?: unknown, info?: Partial<StoredUpload> & { sha256?: string }) => void): void {
        mkdirSync(tmpDir, { recursive: true });
        const tmpPath = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
        const hash = createHash('sha256');
        let size = 0;
        const tap = new Transform({
          transform(chunk: Buffer, _enc: BufferEncoding, next: TransformCallback) {
            hash.update(chunk);
            size += chunk.length;
            next(null, chunk);
          },
        });
        const written = pipeline(file.stream, tap, createWriteStream(tmpPath)).then(
          () => cb(null, { path: tmpPath, size, sha256: hash.digest('hex') }),
          (err) => rm(tmpPath, { force: true }).finally(() => cb(err)),
        );
        inFlight?.add(file.stream, written);
      },
      _removeFile(_req: unknown, file: StoredUpload, cb: (error: Error | null) => void): void {
        if (!file.path) return cb(null);
        rm(file.path, { force: true }).then(() => cb(null), cb);
      },
    };
  }

  /** Moves a staged file to its content address; if that content is already stored, drops the copy. */
  async commit(staged: StagedFile): Promise<string> {
    const target = this.pathFor(staged.sha256);
    if (existsSync(target)) {
      await rm(staged.tmpPath, { force: true });
      return target;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    await rename(staged.tmpPath, target);
    return target;
  }

  /** Stores bytes made on the server (a JPEG rendition) by their content, like an upload; returns their sha256. */
  async storeBytes(bytes: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(this.tmpDir, { recursive: true });
    const tmpPath = path.join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
    await writeFile(tmpPath, bytes);
    await this.commit({ tmpPath, sha256, size: bytes.length });
    return { sha256, size: bytes.length };
  }

  async discard(tmpPath: string | undefined): Promise<void> {
    if (tmpPath) await rm(tmpPath, { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathFor(sha256)).then(
      () => true,
      () => false,
    );
  }
}
