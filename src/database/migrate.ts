import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';
import { retryWhileSqliteBusy } from './sqlite-busy.js';

/** An arbitrary, fixed key: the PostgreSQL advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7242001;

/** How long a process waits for another one's migrations on SQLite before giving up. */
const SQLITE_LOCK_WAIT_MS = 120_000;

/**
 * Applies pending migrations (the same ones on SQLite and PostgreSQL). Several API and worker
 * processes may start together, so they take turns: under an advisory lock on PostgreSQL; on
 * SQLite inside one `BEGIN EXCLUSIVE` transaction on TypeORM's single connection — the second
 * process waits (busy timeout) and then finds nothing left to do, instead of failing with
 * `table "org" already exists`. SQLite DDL is transactional, so a failed run leaves nothing behind.
 */
export async function migrate(
  config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>,
  log: (m: string) => void = () => undefined,
): Promise<string[]> {
  // Everything below is one transaction, so trying again while SQLite is busy is safe (see sqlite-busy.ts).
  return retryWhileSqliteBusy(config.isPostgres, () => migrateOnce(config, log), { attempts: 20, pauseMs: 50, jitterMs: 100 });
}

async function migrateOnce(config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>, log: (m: string) => void): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  try {
    let done: string[];
    if (config.isPostgres) {
      await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      done = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    } else {
      await ds.query(`PRAGMA busy_timeout = ${SQLITE_LOCK_WAIT_MS}`);
      await ds.query('BEGIN EXCLUSIVE');
      try {
        done = (await ds.runMigrations({ transaction: 'none' })).map((m) => m.name);
        await ds.query('COMMIT');
      } catch (e) {
        await ds.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }
    for (const name of done) log(`已执行迁移 ${name}`);
    return done;
  } finally {
    await ds.destroy();
  }
}
