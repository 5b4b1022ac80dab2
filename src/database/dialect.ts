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
  /** An aggregate of `expr` into a JSON array (PostgreSQL `json_agg`, SQLite `json_group_array`); read it back with `jsonArray`. */
  jsonArrayAgg(expr: string): string;
}

export function dialectOf(db: DataSource | EntityManager): Dialect {
  const ds = 'connection' in db ? db.connection : db;
  return dialect(ds.driver.options.type === 'postgres');
}

/** The dialect by name, for statements written once at module load (e.g. a prepared PostgreSQL statement). */
export function dialect(postgres: boolean): Dialect {
  const p = postgres ? (n: number) => `$${n}` : () => '?';
  return {
    postgres,
    p,
    list: (count, start = 1) => Array.from({ length: count }, (_, i) => p(start + i)).join(', '),
    bool: (value) => (value === null ? null : postgres ? value : value ? 1 : 0),
    jsonArrayAgg: (expr) => (postgres ? `json_agg(${expr})` : `json_group_array(${expr})`),
  };
}

/** Reads a boolean column back: SQLite gives 0/1, PostgreSQL true/false (or 't' in raw rows). */
export const truthy = (v: unknown): boolean => v === true || v === 't' || Number(v) === 1;

/** A statement in the dialect's positional form, with its values in order. */
export interface PositionalSql {
  sql: string;
  params: unknown[];
}

interface Compiled {
  sql: string;
  /** The parameter name of each placeholder, in order (SQLite: one per occurrence; PostgreSQL: one per name). */
  names: string[];
}

const compiled = new Map<string, Compiled>();
const NAMED = /(?<![:\w]):([A-Za-z_]\w*)/g;

/**
 * Hand-written SQL with TypeORM-style named parameters (`:name`, as the shared fragments in
 * task-visibility.ts and light-sql.ts are written) in the dialect's positional form, for running
 * through `DataSource.query` without a query builder. Only names present in `params` are
 * placeholders (so `::jsonb` casts stay). The translation of each statement text is kept, so a hot
 * route pays one Map lookup. The translation is kept per text *and* set of names given, since which
 * `:name`s become placeholders depends on the names given. On SQLite integers are bound as BigInt
 * (INTEGER, like data-source.ts).
 */
export function positional(d: Pick<Dialect, 'postgres'>, sql: string, params: Record<string, unknown>): PositionalSql {
  const key = `${d.postgres ? 'pg' : 'sq'}|${Object.keys(params).join(',')}|${sql}`;
  let c = compiled.get(key);
  if (!c) {
    const names: string[] = [];
    const text = sql.replace(NAMED, (whole, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
      if (!d.postgres) {
        names.push(name);
        return '?';
      }
      const at = names.indexOf(name);
      if (at >= 0) return `$${at + 1}`;
      names.push(name);
      return `$${names.length}`;
    });
    c = { sql: text, names };
    if (compiled.size >= 1_000) compiled.clear(); // bounded: statement shapes are few, but never let them pile up
    compiled.set(key, c);
  }
  return {
    sql: c.sql,
    params: c.names.map((n) => {
      const v = params[n];
      if (v === undefined) throw new Error(`SQL parameter :${n} has no value`);
      return !d.postgres && typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
    }),
  };
}

/** A `jsonArrayAgg` column read back: PostgreSQL's driver parses json itself, SQLite gives the text; no rows is null (PostgreSQL) or '[]'. */
export function jsonArray<T>(v: unknown): T[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v as T[];
  return JSON.parse(String(v)) as T[];
}
