import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../auth/access.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';
import { WorkerPool } from '../common/worker-pool.js';
import { writeJsonFile } from './render-json.js';
import type { RenderJob, RenderResult } from './report-worker.js';
import { CONTENT_TYPES, renderReport, reportFileName, ReportsService, type ReportFormat } from './reports.service.js';
import type { Quarter } from './types.js';

/** Report renders at once; more wait their turn (each holds a quarter's tasks in memory). */
const POOL_SIZE = 1;

/**
 * A rendered report: the bytes (html, docx, xlsx), or for JSON a temporary file the caller streams
 * and removes (a 100,000-task report is ~67 MB of JSON, never held as one string or Buffer).
 */
export type RenderedReport = { contentType: string; fileName: string } & ({ body: Buffer } | { file: string; size: number });

/**
 * Renders the HTTP report preview and downloads on a worker thread (report-worker.ts), so the
 * request thread stays free for every other request while a report of 100,000 tasks is compiled.
 * When the compiled worker file is absent (specs running the TypeScript sources) the report is
 * rendered in-process, the same way.
 */
@Injectable()
export class ReportRenderPool implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportRenderPool.name);
  private readonly file = fileURLToPath(new URL('./report-worker.js', import.meta.url));
  private readonly pool = new WorkerPool<RenderJob, RenderResult>({ name: ReportRenderPool.name, label: '报告', size: POOL_SIZE, script: this.file });

  constructor(
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  get threaded(): boolean {
    return existsSync(this.file);
  }

  async forActor(actor: Actor, orgId: number | undefined, year: number, quarter: Quarter, format: ReportFormat): Promise<RenderedReport> {
    const org = this.reports.authorize(actor, orgId);
    const contentType = CONTENT_TYPES[format];
    const jsonFile = format === 'json' ? path.join(tmpdir(), `ducha-report-${process.pid}-${randomUUID()}.json`) : undefined;
    if (!this.threaded) {
      const report = await this.reports.build(org, year, quarter);
      const fileName = reportFileName(report, format);
      if (jsonFile) return { contentType, fileName, file: jsonFile, size: writeJsonFile(report, jsonFile) };
      return { contentType, fileName, body: await renderReport(report, format) };
    }
    const r = await this.pool
      .run({
        db: { databaseUrl: this.config.databaseUrl, isPostgres: this.config.isPostgres, sqlitePath: this.config.sqlitePath },
        holidaysDir: this.config.holidaysDir,
        yellowWorkingDays: this.config.tasks.yellowWorkingDays,
        orgId: org,
        year,
        quarter,
        now: this.clock.now().getTime(),
        format,
        jsonFile,
      })
      .catch((e: Error): RenderResult => ({ id: 0, ok: false, message: e.message }));
    if (!r.ok) {
      if (jsonFile) await rm(jsonFile, { force: true });
      this.logger.error(`报告生成失败：${r.message}`);
      throw new DomainError(500, 'REPORT_FAILED', '报告生成失败，请稍后重试');
    }
    if ('file' in r) return { contentType, fileName: r.fileName, file: r.file, size: r.size };
    return { contentType, fileName: r.fileName, body: Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
