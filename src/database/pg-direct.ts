import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { briefQueryError } from './query-logger.js';

/**
 * The pg Pool under TypeORM's PostgreSQL driver, or null on SQLite. For the few statements run per
 * delivered message: TypeORM's `DataSource.query` builds a query runner, takes and releases a pool
 * client and wraps the result around each call, which cost more CPU than pg itself did.
 */
export function pgPool(db: DataSource): pg.Pool | null {
  if (db.driver.options.type !== 'postgres') return null;
  return (db.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs one named (prepared) statement on the pool: PostgreSQL parses and plans it once per
 * connection, not per call. A failure is logged as TypeORM's logger does (briefly) and rethrown.
 */
export async function namedQuery<R extends pg.QueryResultRow>(pool: pg.Pool, name: string, text: string, values: unknown[]): Promise<R[]> {
  try {
    return (await pool.query<R>({ name, text, values })).rows;
  } catch (e) {
    new Logger('Database').error(briefQueryError(e as Error, text, values));
    throw e;
  }
}
