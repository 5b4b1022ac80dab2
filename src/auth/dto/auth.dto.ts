import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.cn' }) @IsEmail({}, { message: '邮箱格式不正确' }) @MaxLength(200) email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

export class SetPasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) currentPassword: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) newPassword: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ description: 'whose token; a person of the admin’s org' }) @IsInt() @Min(1) personId: number;
  @ApiProperty({ example: '台账同步脚本' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiPropertyOptional({ description: 'days until it expires; none = until revoked' }) @IsOptional() @IsInt() @Min(1) @Max(3650) expiresInDays?: number;
}
