import type { EntityManager } from 'typeorm';
import { dialectOf } from './dialect.js';

/** Largest bind-parameter count per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Multi-row `INSERT` with bound values, the same statement on SQLite and PostgreSQL but for the
 * placeholders. For hot bulk paths only (activation, audit, the ledger): TypeORM's insert builder
 * spends far longer binding each row than the database spends storing it. Values must already be
 * in column form (instants as epoch ms, JSON as text, booleans as the driver wants them: see `bool`).
 */
export async function bulkInsert(
  m: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  const { p } = dialectOf(m);
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  const tail = options.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '';
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((v) => {
        params.push(v);
        return p(params.length);
      });
      return `(${marks.join(', ')})`;
    });
    await m.query(head + tuples.join(', ') + tail, params);
  }
}

export function isPostgres(m: EntityManager): boolean {
  return dialectOf(m).postgres;
}

/** A boolean as the driver binds it: PostgreSQL takes booleans, SQLite stores 0/1. */
export function bool(m: EntityManager, value: boolean | null): boolean | number | null {
  return dialectOf(m).bool(value);
}
