import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { ManualClock } from '../src/clock/clock.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { freshDatabase, TEST_ADMIN, TEST_DB, testConfig } from './support/test-app.js';

// #13.4: processes started together on a fresh database all migrate and start, none fails with "table already exists".
function migrateProcess(databaseUrl: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'migrate'], {
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: databaseUrl },
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, err }));
  });
}

describe(`migrations from several processes at once (${TEST_DB})`, () => {
  it('four processes on a fresh database, three times over: every one exits 0, the schema is applied once', async () => {
    for (let round = 0; round < 3; round++) {
      const db = await freshDatabase();
      try {
        const results = await Promise.all([1, 2, 3, 4].map(() => migrateProcess(db.url)));
        expect(results.map((r) => [r.code, r.err.trim()])).toEqual(results.map(() => [0, '']));
        const again = await migrateProcess(db.url);
        expect(again.code).toBe(0);
      } finally {
        await db.drop();
      }
    }
  }, 120_000);
});

describe(`the first admin at start while another process writes (${TEST_DB})`, () => {
  if (TEST_DB !== 'sqlite') {
    it('is a SQLite matter (one file shared by processes); PostgreSQL waits on row locks', () => {
      expect(TEST_DB).toBe('postgres');
    });
    return;
  }
  it('another connection holding the SQLite write lock past the busy timeout (5 s) delays the start; it does not fail it', async () => {
    const db = await freshDatabase();
    const config = testConfig(db.url);
    await migrate(config);
    const other = new Database(config.sqlitePath);
    other.exec('BEGIN IMMEDIATE');
    const held = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.exec('COMMIT');
        other.close();
        resolve();
      }, 6500),
    );
    // createApp initialises the app (the boot that waits on the lock) and hands it over ready.
    const app = await createApp({ config, clock: new ManualClock('2024-01-02T01:00:00Z'), redisUrl: config.redisUrl! }, false);
    try {
      await held;
      const res = await request(app.getHttpServer()).post('/api/auth/login').send(TEST_ADMIN);
      expect(res.status).toBe(200);
    } finally {
      await held;
      await app.close();
      await db.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
