import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, Min, validateSync } from 'class-validator';
import { createValidationPipe, toFieldErrors } from './validation.js';

class ReturnDto {
  @IsString() @IsNotEmpty({ message: '退回时必须写明原因' }) @MaxLength(2000) comment: string;
  @IsOptional() @Min(1) count?: number;
  @IsString() @MaxLength(10) name: string;
}
const check = (body: object) => toFieldErrors(validateSync(plainToInstance(ReturnDto, body)));

describe('field errors a person can act on', () => {
  it('a missing required comment says it is required, not 太长', () => {
    expect(check({ name: 'x' }).comment).toEqual(['退回时必须写明原因']);
    expect(check({ name: 'x', comment: '' }).comment).toEqual(['退回时必须写明原因']);
    expect(check({ comment: 'ok' }).name).toEqual(['必填']);
  });
  it('length and range errors give the limit', () => {
    expect(check({ name: 'x', comment: '长'.repeat(2001) }).comment).toEqual(['不能超过 2000 个字']);
    expect(check({ name: 'x', comment: 'ok', count: 0 }).count).toEqual(['不能小于 1']);
  });
});

describe('the query pipe reuses what a query text validated to', () => {
  class PageQuery {
    @IsOptional() @Min(1) page?: number;
    @IsOptional() @IsString() owner?: string;
  }
  const pipe = createValidationPipe();
  const meta = { type: 'query' as const, metatype: PageQuery, data: '' };

  it('gives an equal object of the DTO class each time, never the same one twice', async () => {
    const a = (await pipe.transform({ page: '2', owner: 'me' }, meta)) as PageQuery;
    const b = (await pipe.transform({ page: '2', owner: 'me' }, meta)) as PageQuery;
    expect(a).toBeInstanceOf(PageQuery);
    expect(b).toBeInstanceOf(PageQuery);
    expect(b).toEqual({ page: 2, owner: 'me' });
    expect(b).not.toBe(a);
    b.page = 9; // a caller changing its copy does not change the next request's
    expect(await pipe.transform({ page: '2', owner: 'me' }, meta)).toEqual({ page: 2, owner: 'me' });
  });

  it('a failing query fails every time (failures are not kept), with the same field errors', async () => {
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ page: '0' }, meta)).rejects.toMatchObject({ errors: { page: ['不能小于 1'] } });
      await expect(pipe.transform({ page: '0x1' }, meta)).rejects.toMatchObject({ errors: { page: [expect.stringContaining('0x1')] } });
    }
  });
});
