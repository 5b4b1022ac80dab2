import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Characters of a failing statement that go into the log: enough to recognise it. */
export const QUERY_HEAD_CHARS = 300;

/**
 * One short line for a failing statement: the driver's error, the head of the SQL, its full size and
 * how many values were bound — never the whole text (a multi-row statement can be megabytes) nor
 * the values (they may be personal data).
 */
export function briefQueryError(error: string | Error, query: string, parameters?: unknown[] | Record<string, unknown>): string {
  const message = (typeof error === 'string' ? error : error.message || String(error)).split('\n')[0].slice(0, 500);
  const flat = query.replace(/\s+/g, ' ').trim();
  const head = flat.length > QUERY_HEAD_CHARS ? `${flat.slice(0, QUERY_HEAD_CHARS)}…` : flat;
  const bytes = Buffer.byteLength(query);
  const size = bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
  const values = Array.isArray(parameters) ? parameters.length : parameters ? Object.keys(parameters).length : 0;
  return `查询失败：${message} —— ${head}（SQL ${size}，${values} 个参数）`;
}

/**
 * TypeORM's logger for ducha: a failing query is logged once, briefly (see briefQueryError);
 * TypeORM's warnings pass through; successful queries, schema and migration chatter are not logged.
 */
export class BriefQueryLogger implements TypeOrmLogger {
  constructor(private readonly sink: (line: string) => void = (line) => new NestLogger('Database').error(line)) {}

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | Record<string, unknown>): void {
    this.sink(briefQueryError(error, query, parameters));
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') new NestLogger('Database').warn(String(message).slice(0, 1000));
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
}
