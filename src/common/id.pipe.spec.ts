import 'reflect-metadata';
import { IdPipe, parseDecimalId } from './id.pipe.js';
import { createValidationPipe, nonDecimalNumbers } from './validation.js';
import { IsInt, IsOptional } from 'class-validator';

class Query {
  @IsOptional() @IsInt() page?: number;
  @IsOptional() name?: string;
}

describe('decimal ids', () => {
  it('parses decimal ids only', () => {
    expect(parseDecimalId('1')).toBe(1);
    expect(parseDecimalId('2147483647')).toBe(2147483647);
    for (const bad of ['0x1', '1.0', '1e3', '+1', '-1', '01', '0', ' 1', '1 ', 'abc', '', '9999999999', '٣']) expect(parseDecimalId(bad)).toBeNull();
  });
  it('IdPipe answers 400 quoting the id as typed, never NaN', () => {
    for (const bad of ['0x1', 'abc', '1.0']) {
      try {
        new IdPipe().transform(bad);
        throw new Error('accepted');
      } catch (e) {
        const err = e as { status: number; message: string; errors: Record<string, string[]> };
        expect(err.status).toBe(400);
        expect(err.errors.id[0]).toBe(`"${bad}" 不是有效编号`);
        expect(err.message).not.toContain('NaN');
      }
    }
  });
  it('the global pipe leaves route params as typed, so IdPipe sees "0x1", not 1', async () => {
    expect(await createValidationPipe().transform('0x1', { type: 'param', metatype: Number, data: 'id' })).toBe('0x1');
  });
  it('finds query numbers that are not decimal, quoting them', () => {
    expect(nonDecimalNumbers({ page: '0x2', name: '0x2' }, Query)).toEqual({ page: ['必须是十进制整数（收到 "0x2"）'] });
    expect(nonDecimalNumbers({ page: '12' }, Query)).toEqual({});
  });
});
