/** Why an uploaded plan file cannot be read. Stable codes; Chinese messages for the user. */
export type ImportErrorCode =
  'EMPTY' | 'TOO_LARGE' | 'BINARY' | 'ENCODING' | 'LEGACY_OFFICE' | 'UNSUPPORTED_FORMAT' | 'MALFORMED_DOCX' | 'MALFORMED_XLSX' | 'NO_HEADER';

/** HTTP status an API layer should answer with: 413 for size, 422 for everything else. */
const STATUS: Record<ImportErrorCode, number> = {
  EMPTY: 422,
  TOO_LARGE: 413,
  BINARY: 422,
  ENCODING: 422,
  LEGACY_OFFICE: 422,
  UNSUPPORTED_FORMAT: 422,
  MALFORMED_DOCX: 422,
  MALFORMED_XLSX: 422,
  NO_HEADER: 422,
};

/**
 * A plan file that cannot be imported. Same shape as the service's DomainError
 * (status, code, message, details) without depending on Nest here.
 */
export class ImportError extends Error {
  readonly status: number;

  constructor(
    readonly code: ImportErrorCode,
    messageZh: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(messageZh);
    this.name = 'ImportError';
    this.status = STATUS[code];
  }
}
