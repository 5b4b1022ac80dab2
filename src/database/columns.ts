import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';
import { instantOrNull } from '../common/instant.js';

/**
 * Instants are stored as epoch milliseconds in a BIGINT column. The same migrations then
 * serve SQLite and PostgreSQL, comparisons are plain integer comparisons on both, and no
 * driver gets a chance to reinterpret a time zone. Read back as an Instant (a Date that serialises fast).
 */
export const instantTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => instantOrNull(value),
};

export function InstantColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: instantTransformer, ...options });
}

/** JSON in a TEXT column, identical on SQLite and PostgreSQL. */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? null : JSON.parse(value)),
};

export function JsonColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'text', transformer: jsonTransformer, ...options });
}
