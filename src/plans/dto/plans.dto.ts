import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class EvidenceRequirementDto {
  @ApiProperty({ example: '照片' }) @IsString() @IsNotEmpty() @MaxLength(40) kind: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1, { message: '数量至少为 1' }) @Max(100, { message: '数量不能超过 100' }) min: number;
}

export class CreatePlanDto {
  @ApiProperty() @IsInt() @Min(1) orgId: number;
  @ApiProperty({ example: 2024 })
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度不能早于 2000' })
  @Max(2100, { message: '年度不能晚于 2100' })
  year: number;
  @ApiProperty({ example: '2024年镇人大主席团工作计划' }) @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2_000_000) sourceText?: string;
}

export class UpdatePlanDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度不能早于 2000' })
  @Max(2100, { message: '年度不能晚于 2100' })
  year?: number;
}

export class ListPlansQuery {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) orgId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: ['draft', 'active', 'archived'] }) @IsOptional() @IsIn(['draft', 'active', 'archived']) status?: string;
}

/**
 * An item's time can be given as the phrase the plan uses (`timeText`, parsed by ducha) or as a
 * structured `schedule`; with neither it is a whole-year item.
 */
export class CreateItemDto {
  @ApiProperty({ example: '开展一次廉政风险防控建设专题教育活动' }) @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiPropertyOptional({ example: '3—4月份' }) @IsOptional() @IsString() @MaxLength(200) timeText?: string | null;
  @ApiPropertyOptional({ description: 'structured schedule, as printed by `ducha schedule`' }) @IsOptional() @IsObject() schedule?: Record<
    string,
    unknown
  > | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  sectionPath?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) code?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) sourceQuote?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) ownerId?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) unitId?: number | null;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsInt({ each: true }) coUnitIds?: number[];
  @ApiPropertyOptional({ type: [EvidenceRequirementDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceRequirementDto)
  evidenceRequirements?: EvidenceRequirementDto[];
}

/** Any subset of an item's fields, checked by the same rules. */
export class UpdateItemDto extends PartialType(CreateItemDto) {}

export class CreatePlanWithItemsDto extends CreatePlanDto {
  @ApiPropertyOptional({ type: [CreateItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => CreateItemDto)
  items?: CreateItemDto[];
}

/** POST /api/plans/:id/activate and …/activation-preview (issue #12). */
export class ActivatePlanDto {
  @ApiPropertyOptional({ enum: ['grace', 'record'], description: '启用时已过期限的任务：grace 宽限 N 个工作日后再催办（默认）；record 补录为已完成' })
  @IsOptional()
  @IsIn(['grace', 'record'], { message: '只能是 grace（宽限）或 record（补录）' })
  pastDue?: 'grace' | 'record';
  @ApiPropertyOptional({ example: 5, description: '宽限的工作日数（默认 tasks.activationGraceWorkingDays）' })
  @IsOptional()
  @IsInt({ message: '宽限天数必须是整数' })
  @Min(0, { message: '宽限天数不能小于 0' })
  @Max(60, { message: '宽限天数不能超过 60 个工作日' })
  graceWorkingDays?: number;
  @ApiPropertyOptional({ description: '补录说明，记入每个任务的审计记录' })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: '补录说明不能超过 500 个字' })
  note?: string;
  @ApiPropertyOptional({ description: '有未指定责任人的事项时须为 true 才能启用' })
  @IsOptional()
  @IsBoolean({ message: '必须是 true 或 false' })
  allowUnowned?: boolean;
}
