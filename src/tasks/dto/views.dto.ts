import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { LIGHTS, type Light } from '../task-light.js';

export class PageQuery {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt({ message: '页码必须是整数' }) @Min(1, { message: '页码从 1 开始' }) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @IsInt({ message: '每页条数必须是整数' })
  @Min(1, { message: '每页至少 1 条' })
  @Max(500, { message: '每页最多 500 条' })
  pageSize?: number;
}

export class PlanUnitPageQuery extends PageQuery {
  @ApiPropertyOptional({ description: '计划编号' }) @IsOptional() @IsInt({ message: '计划编号必须是整数' }) @Min(1) plan?: number;
  @ApiPropertyOptional({ description: '责任单位编号' }) @IsOptional() @IsInt({ message: '单位编号必须是整数' }) @Min(1) unit?: number;
}

const year = () => (target: object, key: string) => {
  ApiProperty({ example: 2024, description: '年度' })(target, key);
  IsInt({ message: '年度必须是整数' })(target, key);
  Min(2000, { message: '年度应在 2000–2100 之间' })(target, key);
  Max(2100, { message: '年度应在 2000–2100 之间' })(target, key);
};

export class BoardQuery {
  @year() year: number;
  @ApiPropertyOptional({ description: '计划编号' }) @IsOptional() @IsInt({ message: '计划编号必须是整数' }) @Min(1) plan?: number;
  @ApiPropertyOptional({ description: '责任单位编号' }) @IsOptional() @IsInt({ message: '单位编号必须是整数' }) @Min(1) unit?: number;
  @ApiPropertyOptional({ enum: LIGHTS, description: '红黄绿灯' })
  @IsOptional()
  @IsIn(LIGHTS as unknown as string[], { message: '灯色只能是 red / yellow / green' })
  light?: Light;
}

export class BoardCellQuery extends PageQuery {
  @year() year: number;
  @ApiProperty({ example: 3, description: '月份 1–12（按截止日所在月）' })
  @IsInt({ message: '月份必须是 1–12' })
  @Min(1, { message: '月份必须是 1–12' })
  @Max(12, { message: '月份必须是 1–12' })
  month: number;
  @ApiPropertyOptional({ description: '责任单位编号，none 为未指定单位', example: 'none' })
  @IsOptional()
  @Transform(({ value }) => (value === 'none' ? 'none' : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @ValidateIf((_o, v) => v !== 'none')
  @IsInt({ message: '单位必须是编号或 none' })
  @Min(1, { message: '单位必须是编号或 none' })
  unit?: number | 'none';
  @ApiPropertyOptional({ description: '计划编号' }) @IsOptional() @IsInt({ message: '计划编号必须是整数' }) @Min(1) plan?: number;
  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional()
  @IsIn(LIGHTS as unknown as string[], { message: '灯色只能是 red / yellow / green' })
  light?: Light;
}

export class BurdenQuery {
  @year() year: number;
  @ApiPropertyOptional({ description: '责任单位编号' }) @IsOptional() @IsInt({ message: '单位编号必须是整数' }) @Min(1) unit?: number;
}

export class SchedulePreviewDto {
  @ApiProperty({ example: '3—4月份', description: '时间表述' })
  @IsString({ message: '时间表述必须是文字' })
  @IsNotEmpty({ message: '请填写时间表述' })
  @MaxLength(200, { message: '时间表述最多 200 字' })
  text: string;
  @year() year: number;
}
