import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Form fields beside the uploaded `file`, or a JSON body with `text`. */
export class ImportPlanDto {
  @ApiPropertyOptional({ description: 'defaults to the caller’s org' }) @IsOptional() @IsInt() @Min(1) orgId?: number;
  @ApiPropertyOptional({ example: 2024 })
  @IsOptional()
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度不能早于 2000' })
  @Max(2100, { message: '年度不能晚于 2100' })
  year?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ description: 'plan text, when no file is uploaded' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000, { message: '文本过长，请改为上传文件' })
  text?: string;
}
