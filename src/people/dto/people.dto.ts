import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isTimeZone } from '../../config/app-config.js';
import { CHANNELS } from '../../notifications/notification.entity.js';
import { ROLES, type Role } from '../person.entity.js';

@ValidatorConstraint({ name: 'isTimeZone' })
export class IsTimeZoneConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isTimeZone(value);
  }
  defaultMessage(): string {
    return '不是有效的时区，例如 Asia/Shanghai';
  }
}

export class CreateOrgDto {
  @ApiProperty({ example: '某某镇人大主席团' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @IsOptional() @Validate(IsTimeZoneConstraint) timeZone?: string;
}
export class UpdateOrgDto extends PartialType(CreateOrgDto) {}

export class CreateUnitDto {
  @ApiProperty() @IsInt() @Min(1) orgId: number;
  @ApiProperty({ example: '镇人大主席团' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: '负责人 (unit head) person id' }) @IsOptional() @IsInt() @Min(1) headId?: number | null;
}
export class UpdateUnitDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) headId?: number | null;
}

export class CreatePersonDto {
  @ApiProperty() @IsInt() @Min(1) orgId: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) unitId?: number | null;
  @ApiProperty({ example: '张三' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: '至少需要一个角色' })
  @ArrayMaxSize(4)
  @IsIn(ROLES as unknown as string[], { each: true, message: `角色只能是 ${ROLES.join(' / ')}` })
  roles: Role[];
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: '邮箱格式不正确' }) @MaxLength(200) email?: string | null;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[0-9+\- ]{5,40}$/, { message: '电话号码格式不正确' }) phone?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: '不是有效的网址' }) @MaxLength(500) webhookUrl?:
    string | null;
  @ApiPropertyOptional({ description: '企业微信成员 userid（渠道 wecom-app）' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '企业微信 userid 只能包含字母、数字和 _.@-，最长 64 个字符' })
  wecomUserId?: string | null;
  @ApiPropertyOptional({ description: '钉钉成员 userid（渠道 dingtalk-app）' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '钉钉 userid 只能包含字母、数字和 _.@-，最长 64 个字符' })
  dingtalkUserId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ enum: CHANNELS, description: '提醒渠道；不设则有邮箱用邮件，否则用 webhook' })
  @IsOptional()
  @IsIn(CHANNELS as unknown as string[], { message: `提醒渠道只能是 ${CHANNELS.join(' / ')}` })
  notifyChannel?: string | null;
}
export class UpdatePersonDto extends PartialType(CreatePersonDto) {}

export class ListPeopleQuery {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) orgId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) unitId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
}
