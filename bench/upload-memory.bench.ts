/**
 * Streams a 200 MB evidence file through the real HTTP endpoint and prints how far the process's
 * resident memory rose above where it started. Uploads go to disk as they arrive, so the rise
 * should stay far below the file size (target: under ~50 MB).
 *
 *   npm run bench:upload            (UPLOAD_MB=500 to try a bigger file)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock } from '../src/clock/clock.js';
import { loadConfig } from '../src/config/app-config.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { scratchDatabase } from './support.js';

const MB = 1024 * 1024;
const SIZE = Number(process.env.UPLOAD_MB ?? 200) * MB;
const CHUNK = 64 * 1024;

function call(
  port: number,
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
): Promise<{
  status: number; // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of several shapes, read field by field
  body: any;
}> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        port,
        method,
        path: url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parts.length ? JSON.parse(Buffer.concat(parts).toString()) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A multipart body produced chunk by chunk: a JPEG header, then filler, never the whole file at once. */
function multipart(boundary: string, size: number): Readable {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n照片\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const filler = randomBytes(CHUNK);
  let sent = 0;
  let stage = 0;
  return new Readable({
    read() {
      if (stage === 0) {
        stage = 1;
        sent = jpegStart.length;
        this.push(Buffer.concat([head, jpegStart]));
      } else if (sent < size) {
        const n = Math.min(CHUNK, size - sent);
        sent += n;
        this.push(n === CHUNK ? filler : filler.subarray(0, n));
      } else if (stage === 1) {
        stage = 2;
        this.push(tail);
      } else this.push(null);
    },
  });
}

async function main(): Promise<void> {
  const db = await scratchDatabase('sqlite');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ducha-bench-upload-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DUCHA_DATA_DIR: dataDir,
    DUCHA_QUEUE_PREFIX: `ducha-bench-${randomBytes(3).toString('hex')}`,
    DUCHA_ADMIN_EMAIL: 'bench@ducha.test',
    DUCHA_ADMIN_PASSWORD: 'bench-password-1',
    DUCHA_EVIDENCE_MAX_BYTES: String(SIZE + MB),
  });
  await migrate(config);
  const app = await createApp({ config, clock: new ManualClock('2024-03-10T02:00:00Z'), redisUrl: config.redisUrl! }, false);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  try {
    const login = await call(port, 'POST', '/api/auth/login', null, { email: 'bench@ducha.test', password: 'bench-password-1' });
    const token = login.body.token as string;
    const orgId = login.body.person.orgId as number;
    const plan = await call(port, 'POST', '/api/plans', token, {
      orgId,
      year: 2024,
      title: 'bench',
      items: [{ title: '上传', timeText: '3月份', ownerId: login.body.person.id }],
    });
    await call(port, 'POST', `/api/plans/${plan.body.id}/activate`, token);
    const taskId = (await call(port, 'GET', `/api/tasks?plan=${plan.body.id}`, token)).body.items[0].id as number;

    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const base = process.memoryUsage.rss();
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    const boundary = `----ducha${randomBytes(8).toString('hex')}`;
    const started = process.hrtime.bigint();
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          method: 'POST',
          path: `/api/tasks/${taskId}/evidence/files`,
          headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        },
      );
      req.on('error', reject);
      multipart(boundary, SIZE).pipe(req);
    });
    clearInterval(sampler);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 201) throw new Error(`upload failed: ${result.status} ${result.body}`);
    const growth = (peak - base) / MB;
    console.log(`upload ${SIZE / MB} MB: HTTP ${result.status} in ${seconds.toFixed(1)} s (${(SIZE / MB / seconds).toFixed(0)} MB/s)`);
    console.log(
      `RSS: start ${(base / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, growth ${growth.toFixed(1)} MB (target < 50 MB) ${growth < 50 ? 'OK' : 'TOO HIGH'}`,
    );
    if (growth >= 50) process.exitCode = 1;
  } finally {
    await app.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
