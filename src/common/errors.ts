import { HttpStatus } from '@nestjs/common';

/** Field path → reasons, as returned to API clients in `errors`. */
export type FieldErrors = Record<string, string[]>;

/**
 * A failure the user can act on: carries an HTTP status, a stable code and a Chinese message.
 * Services throw these; the global filter turns them into the JSON error body.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldErrors,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: number | string): DomainError => new DomainError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what}不存在：${id}`);

export const invalidField = (field: string, reason: string, message = '请求参数有误'): DomainError =>
  new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDATION_FAILED', message, { [field]: [reason] });

export const conflict = (code: string, message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError(HttpStatus.CONFLICT, code, message, undefined, details);

export const forbidden = (message: string): DomainError => new DomainError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
