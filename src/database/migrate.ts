import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';

/** An arbitrary, fixed key: the PostgreSQL advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7242001;

/**
 * Applies pending migrations (the same ones on SQLite and PostgreSQL). On PostgreSQL several
 * API and worker processes may start together, so they take turns under an advisory lock.
 */
export async function migrate(
  config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>,
  log: (m: string) => void = () => undefined,
): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  try {
    if (config.isPostgres) await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    for (const name of done) log(`已执行迁移 ${name}`);
    if (config.isPostgres) await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return done;
  } finally {
    await ds.destroy();
  }
}
