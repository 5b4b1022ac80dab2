import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { contentDisposition } from '../evidence/file-kind.js';
import { ReportRenderPool } from './report-render-pool.js';
import { REPORT_FORMATS, ReportsService, type ReportFormat } from './reports.service.js';
import { ReportResendLimiter } from './resend-limit.js';
import type { Quarter } from './types.js';

export class QuarterDto {
  @ApiProperty({ example: 2024 })
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度应在 2000–2100 之间' })
  @Max(2100, { message: '年度应在 2000–2100 之间' })
  year: number;
  @ApiProperty({ example: 3 })
  @IsInt({ message: '季度必须是 1–4' })
  @Min(1, { message: '季度必须是 1–4' })
  @Max(4, { message: '季度必须是 1–4' })
  quarter: number;
  @ApiPropertyOptional({ description: '组织编号，默认本人所在组织' }) @IsOptional() @IsInt() @Min(1) orgId?: number;
}

export class ReportQuery extends QuarterDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS as unknown as string[], { message: `格式只能是 ${REPORT_FORMATS.join(' / ')}` })
  format?: ReportFormat;
}

/**
 * A read stream of a temporary file that is already unlinked: the open descriptor keeps the content
 * until the response has been sent (or the client went away), and nothing is left behind either way.
 */
async function openUnlinked(file: string): Promise<Readable> {
  try {
    const handle = await open(file, 'r');
    return handle.createReadStream();
  } finally {
    await rm(file, { force: true });
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly resendLimit: ReportResendLimiter,
    private readonly render: ReportRenderPool,
  ) {}

  /** The quarterly 督查通报 of the caller's org (presidium and admins): json, html, docx or xlsx. */
  @Get('quarterly')
  async quarterly(@CurrentActor() actor: Actor, @Query() q: ReportQuery): Promise<StreamableFile> {
    const format = q.format ?? 'json';
    // Off the request thread: compile and render run on a worker (report-render-pool.ts).
    const r = await this.render.forActor(actor, q.orgId, q.year, q.quarter as Quarter, format);
    const inline = format === 'json' || format === 'html';
    const headers = { type: r.contentType, disposition: contentDisposition(r.fileName, inline ? 'inline' : 'attachment') };
    if ('body' in r) return new StreamableFile(r.body, { ...headers, length: r.body.length });
    return new StreamableFile(await openUnlinked(r.file), { ...headers, length: r.size });
  }

  /** Re-send now, bypassing the once-per-quarter guard of the scheduled send; audited; limited per org (429). */
  @Post('quarterly/send')
  @HttpCode(202)
  send(@CurrentActor() actor: Actor, @Body() dto: QuarterDto) {
    return this.resendLimit.run(dto.orgId ?? actor.orgId, () => this.reports.resend(actor, dto.year, dto.quarter as Quarter, dto.orgId));
  }
}
