import type { DataSource, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { truthy } from './dialect.js';

/**
 * An entity's columns read from raw rows, the way TypeORM hydrates them (column transformers,
 * booleans from 0/1), without a query builder: the hot read routes (#14) spent more time in
 * TypeORM building queries and hydrating than in the database. `select(alias)` gives the select
 * list (`alias."column" AS "alias_property"`), `read(row, alias)` the entity's JSON shape (a plain object).
 */
export interface RowReader<T> {
  select(alias: string): string;
  read(row: Record<string, unknown>, alias: string): T;
}

interface Col {
  db: string;
  prop: string;
  bool: boolean;
  transformer?: ValueTransformer | ValueTransformer[];
}

const fromDb = (t: ValueTransformer | ValueTransformer[], v: unknown): unknown => (Array.isArray(t) ? t.reduceRight((x, one) => one.from(x), v) : t.from(v));

export function rowReader<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>): RowReader<T> {
  const cols: Col[] = ds
    .getMetadata(target)
    .columns.filter((c) => c.isSelect && !c.isVirtual)
    .map((c) => ({ db: c.databaseName, prop: c.propertyName, bool: c.type === 'boolean' || c.type === Boolean, transformer: c.transformer }));
  const selects = new Map<string, string>();
  const keys = new Map<string, string[]>();
  return {
    select(alias) {
      let s = selects.get(alias);
      if (!s) selects.set(alias, (s = cols.map((c) => `${alias}."${c.db}" AS "${alias}_${c.prop}"`).join(', ')));
      return s;
    },
    read(row, alias) {
      let k = keys.get(alias);
      if (!k) keys.set(alias, (k = cols.map((c) => `${alias}_${c.prop}`)));
      const out: Record<string, unknown> = {};
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i];
        let v: unknown = row[k[i]];
        if (v === undefined) continue;
        if (c.bool && v !== null) v = truthy(v);
        out[c.prop] = c.transformer ? fromDb(c.transformer, v) : v;
      }
      return out as T;
    },
  };
}
