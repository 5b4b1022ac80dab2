import type { DataSource, EntityManager } from 'typeorm';

/**
 * The one place that knows SQLite from PostgreSQL for hand-written SQL: placeholders and booleans.
 * Everything else in the hot paths is written once in the SQL both accept.
 */
export interface Dialect {
  postgres: boolean;
  /** The n-th (1-based) bind placeholder: `$n` on PostgreSQL, `?` on SQLite. */
  p(n: number): string;
  /** `count` placeholders from `start`, comma-separated, for IN lists and VALUES tuples. */
  list(count: number, start?: number): string;
  /** A boolean as the driver binds it: PostgreSQL takes booleans, SQLite stores 0/1. */
  bool(value: boolean | null): boolean | number | null;
}

export function dialectOf(db: DataSource | EntityManager): Dialect {
  const ds = 'connection' in db ? db.connection : db;
  const postgres = ds.driver.options.type === 'postgres';
  const p = postgres ? (n: number) => `$${n}` : () => '?';
  return {
    postgres,
    p,
    list: (count, start = 1) => Array.from({ length: count }, (_, i) => p(start + i)).join(', '),
    bool: (value) => (value === null ? null : postgres ? value : value ? 1 : 0),
  };
}

/** Reads a boolean column back: SQLite gives 0/1, PostgreSQL true/false (or 't' in raw rows). */
export const truthy = (v: unknown): boolean => v === true || v === 't' || Number(v) === 1;
