import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, Min, validateSync } from 'class-validator';
import { toFieldErrors } from './validation.js';

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
