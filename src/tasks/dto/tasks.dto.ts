import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { LIGHTS, type Light } from '../task-light.js';
import { TASK_STATUSES } from '../task.entity.js';

/**
 * Query booleans, strictly: true/false/1/0, anything else fails @IsBoolean (422). Reads the raw text
 * (`obj[key]`): implicit conversion has already made Boolean('false') and Boolean('0') true by now.
 */
export const toBool = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const raw = obj[key];
  return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
};

export class ListTasksQuery {
  @ApiPropertyOptional({ description: '责任人编号，或 me（本人）', example: 'me' })
  @IsOptional()
  @Transform(({ value }) => (value === 'me' ? 'me' : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @ValidateIf((_o, v) => v !== 'me')
  @IsInt({ message: (a) => `责任人必须是十进制编号或 me（收到 "${String(a.value)}"）` })
  @Min(1, { message: (a) => `责任人必须是十进制编号或 me（收到 "${String(a.value)}"）` })
  owner?: number | 'me';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) unit?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) plan?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) org?: number;
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES as unknown as string[], { message: `状态只能是 ${TASK_STATUSES.join(' / ')}` })
  status?: string;
  @ApiPropertyOptional({ description: 'true: only overdue; false: only not overdue' }) @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ example: '2024-03', description: 'tasks whose window overlaps this month' })
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, { message: '月份格式为 YYYY-MM，月份 01–12' })
  month?: string;
  @ApiPropertyOptional({ example: '2024-Q3', description: 'tasks whose window overlaps this quarter' })
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}-Q[1-4]$/, { message: '季度格式为 YYYY-Q1 … YYYY-Q4' })
  quarter?: string;
  @ApiPropertyOptional({ enum: LIGHTS, description: '红黄绿灯' })
  @IsOptional()
  @IsIn(LIGHTS as unknown as string[], { message: '灯色只能是 red / yellow / green' })
  light?: Light;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @IsInt() @Min(1) @Max(500, { message: '每页最多 500 条' }) pageSize?: number;
}
