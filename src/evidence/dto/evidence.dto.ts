import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';

/** Exactly one of fileId, url or note. */
export class AddEvidenceDto {
  @ApiPropertyOptional({ description: 'an uploaded file, to attach without uploading again' }) @IsOptional() @IsInt() @Min(1) fileId?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: '不是有效的网址（需 http:// 或 https://）' })
  @MaxLength(2000)
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000) note?: string;
  @ApiPropertyOptional({ example: '照片', description: 'what it proves, matched against the item’s evidence requirements' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  kind?: string;
}

/** The caller's own earlier uploads, to attach again instead of uploading twice (同类材料最多报一次). */
export class MyUploadsQuery {
  @ApiPropertyOptional({ description: 'leave out files already attached to this task' }) @IsOptional() @IsInt() @Min(1) exceptTask?: number;
  @ApiPropertyOptional({ example: 30, description: 'at most this many, newest first (1–100, default 30)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
