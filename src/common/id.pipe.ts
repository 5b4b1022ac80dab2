import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from './errors.js';

/** A decimal id: no sign, no leading zero, no hex, fraction, exponent or spaces; at most 10 digits. */
const DECIMAL_ID = /^[1-9]\d{0,9}$/;

/** Parses a route id written in decimal digits, or null ("0x1", "1.0", "1e3", "+1", "01" are not ids). */
export function parseDecimalId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !DECIMAL_ID.test(raw)) return null;
  const n = Number(raw);
  return n <= 2_147_483_647 ? n : null;
}

/**
 * Route ids are positive decimal integers; anything else is a 400 naming the parameter and quoting
 * the id as typed. It needs the raw text: the global validation pipe leaves route params alone.
 */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = parseDecimalId(value);
    if (id === null) {
      const shown = String(value).slice(0, 40);
      throw new DomainError(HttpStatus.BAD_REQUEST, 'BAD_ID', `编号必须是十进制正整数："${shown}" 不是有效编号`, { id: [`"${shown}" 不是有效编号`] });
    }
    return id;
  }
}
