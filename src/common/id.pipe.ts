import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from './errors.js';

/** Route ids are positive integers; anything else is a 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value)) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'BAD_ID', '编号必须是正整数', { id: [`"${value}" 不是有效编号`] });
    }
    return Number(value);
  }
}
