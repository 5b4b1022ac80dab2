import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function ms(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  return Promise.resolve(fn()).then(() => Number(process.hrtime.bigint() - start) / 1e6);
}

export const PG_ADMIN_URL = process.env.DUCHA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh, empty database (a temp SQLite file or a new PostgreSQL database named after `label`) and
 * a way to drop it. Shared by the benchmarks and the e2e tests.
 */
export async function scratchDatabase(
  kind: 'sqlite' | 'postgres',
  label = 'bench',
  adminUrl = PG_ADMIN_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), `ducha-${label}-`));
    return { url: `sqlite:${path.join(dir, 'ducha.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ducha_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function table(rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

export interface CountingSink {
  server: SMTPServer;
  port: number;
  count: () => number;
  /** Bytes of message data received so far (headers and body, as on the wire). */
  bytes: () => number;
  /** The first message received, as on the wire. */
  first: () => string;
  /** performance.now() of the first message received (0 before). */
  firstAt: () => number;
  /** Resolves when the sink has received `target` messages: the pipeline's end, observed alike for ducha and the bare runs. */
  until: (target: number) => Promise<void>;
}

/** An in-process smtp-server that only counts what it accepts. */
export function countingSink(): Promise<CountingSink> {
  let n = 0;
  let bytes = 0;
  let first = 0;
  let firstMessage = '';
  const waiters: Array<{ target: number; resolve: () => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (s, _session, cb) => {
      const chunks: Buffer[] = [];
      s.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (n === 0) chunks.push(chunk);
      });
      s.on('end', () => {
        if (n++ === 0) {
          first = performance.now();
          firstMessage = Buffer.concat(chunks).toString();
        }
        for (const w of waiters) if (n >= w.target) w.resolve();
        cb();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        port: (server.server.address() as AddressInfo).port,
        count: () => n,
        bytes: () => bytes,
        first: () => firstMessage,
        firstAt: () => first,
        until: (target) => (n >= target ? Promise.resolve() : new Promise<void>((r) => waiters.push({ target, resolve: r }))),
      }),
    ),
  );
}
