import { TableForeignKey, type TableColumnOptions } from 'typeorm';

// Column shapes shared by the migrations, written with TypeORM's schema builder so one migration
// serves SQLite and PostgreSQL. Instants are BIGINT epoch milliseconds (see database/columns.ts).
// Applied migrations depend on these: change them only by adding new helpers, never by editing one.

export const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

export const int = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  ...(dflt !== undefined ? { default: dflt } : {}),
});

export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

export const instant = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

export const bool = (name: string, nullable = false, dflt?: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  isNullable: nullable,
  ...(dflt !== undefined ? { default: dflt } : {}),
});

export const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });
