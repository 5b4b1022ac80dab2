import { spawn } from 'node:child_process';
import { freshDatabase, TEST_DB } from './support/test-app.js';

// #13.4: processes started together on a fresh database all migrate and start, none fails with "table already exists".
function migrateProcess(databaseUrl: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'migrate'], { env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: databaseUrl } });
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
