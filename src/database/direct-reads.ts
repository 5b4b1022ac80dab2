import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import { dialectOf, positional } from './dialect.js';
import { pgPool } from './pg-direct.js';
import { briefQueryError } from './query-logger.js';

/** Statement texts kept prepared per process (the hot routes have a few dozen shapes; the bound is a safety net). */
const MAX_STATEMENTS = 500;

/**
 * PostgreSQL statement names by text, one map for the process: a pooled connection serves every caller, and
 * pg refuses a name it has prepared for another text.
 */
const pgNames = new Map<string, string>();

/**
 * Reads for the hot routes (task list, task detail, evidence summary), straight on the driver under
 * TypeORM, with TypeORM-style named parameters (`:name`, see dialect.ts `positional`).
 *
 * Why not `DataSource.query`: on SQLite its query runner wraps each synchronous better-sqlite3 call in a
 * broadcaster, a logger call, two awaits and a result object (5–16 % of a route's CPU in bench:api's
 * profiles); on PostgreSQL every call was an unnamed statement, parsed and planned again each time —
 * planning took 1.7 ms of the list's 2.1 ms and 2.4 of the detail row's 2.7 (EXPLAIN ANALYZE, 100,000
 * tasks). Here SQLite statements are prepared once per text on TypeORM's own connection, and PostgreSQL
 * statements are named (prepared once per pooled connection; PostgreSQL then reuses a plan).
 * Each statement goes to TypeORM's logger as TypeORM's own would (ducha's logs none; bench:api records them),
 * a failure is logged once, briefly, and thrown as TypeORM's QueryFailedError, as through TypeORM.
 */
export interface DirectReads {
  all<T>(sql: string, params: Record<string, unknown>): Promise<T[]>;
  /** The rows as arrays of their values in select-list order (cheaper to make than objects on better-sqlite3). */
  arrays(sql: string, params: Record<string, unknown>): Promise<unknown[][]>;
}

export function directReads(ds: DataSource): DirectReads {
  const d = dialectOf(ds);
  const fail = (sql: string, params: unknown[], e: unknown): never => {
    new Logger('Database').error(briefQueryError(e as Error, sql, params));
    throw e instanceof QueryFailedError ? e : new QueryFailedError(sql, params, e as Error);
  };
  const pool = pgPool(ds);
  if (pool) {
    const run = async (sql: string, params: Record<string, unknown>, rowMode?: 'array') => {
      const q = positional(d, sql, params);
      ds.logger.logQuery(q.sql, q.params);
      let name = pgNames.get(q.sql);
      if (!name && pgNames.size < MAX_STATEMENTS) pgNames.set(q.sql, (name = `ducha_read_${pgNames.size + 1}`));
      try {
        const config = { name, text: q.sql, values: q.params };
        return rowMode ? (await pool.query<unknown[]>({ ...config, rowMode })).rows : (await pool.query(config)).rows;
      } catch (e) {
        return fail(q.sql, q.params, e);
      }
    };
    return {
      all: async <T>(sql: string, params: Record<string, unknown>) => (await run(sql, params)) as T[],
      arrays: async (sql: string, params: Record<string, unknown>) => (await run(sql, params, 'array')) as unknown[][],
    };
  }
  const statements = new Map<string, Database.Statement>();
  let connection: Database.Database | undefined;
  const run = (sql: string, params: Record<string, unknown>, raw: boolean): unknown[] => {
    const q = positional(d, sql, params);
    // better-sqlite3 binds no booleans (TypeORM's runner turns them into 0/1 too).
    const values = q.params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    ds.logger.logQuery(q.sql, values);
    try {
      // Statements belong to a connection: a data source closed and opened again (tests do) has a new one.
      const current = (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
      if (current !== connection) {
        statements.clear();
        connection = current;
      }
      const key = raw ? `raw|${q.sql}` : q.sql;
      let stmt = statements.get(key);
      if (!stmt) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statements.set(key, (stmt = current.prepare(q.sql)));
        if (raw) stmt.raw(true);
      }
      return stmt.all(...values);
    } catch (e) {
      return fail(q.sql, values, e);
    }
  };
  return {
    all: async <T>(sql: string, params: Record<string, unknown>) => run(sql, params, false) as T[],
    arrays: async (sql: string, params: Record<string, unknown>) => run(sql, params, true) as unknown[][],
  };
}
