import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DAY = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CommentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}
export class ReturnDto {
  @ApiProperty({ example: '缺少签到表，请补充' }) @IsString() @IsNotEmpty({ message: '退回时必须写明原因' }) @MaxLength(2000) comment: string;
}
export class CancelDto {
  @ApiProperty() @IsString() @IsNotEmpty({ message: '取消时必须写明原因' }) @MaxLength(2000) reason: string;
}
export class AllowPartialDto {
  @ApiProperty() @IsBoolean() allow: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}
export class ExtensionRequestDto {
  @ApiProperty({ example: '2024-05-31' }) @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' }) newDueDay: string;
  @ApiProperty() @IsString() @IsNotEmpty({ message: '必须写明延期原因' }) @MaxLength(2000) reason: string;
  @ApiProperty({ description: '目前进展' }) @IsString() @IsNotEmpty({ message: '必须写明目前进展' }) @MaxLength(2000) progress: string;
}
export class ApproveExtensionDto {
  @ApiPropertyOptional({ description: 'the approved date; defaults to the requested one' })
  @IsOptional()
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  dueDay?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}
export class DenyExtensionDto {
  @ApiProperty() @IsString() @IsNotEmpty({ message: '驳回时必须写明原因' }) @MaxLength(2000) comment: string;
}
