import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver.js';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { BriefQueryLogger } from './query-logger.js';
import { MIGRATIONS } from './migrations/index.js';
import { isSqliteBusy } from './sqlite-busy.js';

/**
 * SQLite goes through TypeORM's better-sqlite3 driver: TypeORM 1.x dropped the driver for the
 * `sqlite3` package, and better-sqlite3 is also the faster of the two (synchronous, no thread hop).
 */
/**
 * TypeORM's SQLite drivers write every number parameter into the SQL as a literal (`WHERE t.id = 84012`),
 * so each request's query is new text: better-sqlite3 prepares (parses and plans) it again, and the
 * query runner's statement cache (FIFO, 100) only churns. With 100,000 tasks that made a task's detail
 * answer at 0.03× a bare server (#14). Here integers are bound instead, as BigInt, which better-sqlite3
 * binds as SQLite INTEGER (a plain JS number would go as REAL): the same value and type the literal had,
 * one statement text per query shape. Fractions stay literals, as TypeORM writes them.
 */
export function bindIntegerParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) (out ??= { ...parameters })[key] = BigInt(value);
  }
  return out ?? parameters;
}

const escapeQuery = BetterSqlite3Driver.prototype.escapeQueryWithParameters;
BetterSqlite3Driver.prototype.escapeQueryWithParameters = function (this: BetterSqlite3Driver, sql: string, parameters: Record<string, unknown>) {
  return escapeQuery.call(this, sql, parameters && bindIntegerParameters(parameters));
};

export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  // A failing query is logged once and briefly (never the whole statement, which can be megabytes).
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'] as const,
    logger: new BriefQueryLogger(),
  };
  if (config.isPostgres) {
    return { type: 'postgres', url: config.databaseUrl, ...common, ...extra } as DataSourceOptions;
  }
  const file = config.sqlitePath;
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: file,
    // WAL lets readers proceed while a writer commits; the busy timeout lets several processes share one file.
    // busy_timeout first: switching to WAL needs a lock that another process (migrating) may hold.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      // SQLite's advice for long-lived connections: bounded ANALYZE of stale tables at open (see planner-stats.ts).
      db.pragma('analysis_limit = 1000');
      // Only an optimisation, and racy: when several processes open the file together their ANALYZEs
      // collide and SQLite answers "database is locked" at once (a snapshot upgrade, no busy wait).
      // A process that loses simply opens without fresh statistics; the next open or activation refreshes them.
      try {
        db.pragma('optimize = 0x10002');
      } catch (e) {
        if (!isSqliteBusy(e)) throw e;
      }
    },
    ...common,
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>): DataSource {
  return new DataSource(dataSourceOptions(config));
}
