import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Actor } from '../auth/access.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';
import type { RenderJob, RenderResult } from './report-worker.js';
import { CONTENT_TYPES, renderReport, reportFileName, ReportsService, type ReportFormat } from './reports.service.js';
import type { Quarter } from './types.js';

/** Report renders at once; more wait their turn (each holds a quarter's tasks in memory). */
const POOL_SIZE = 1;

/**
 * Renders the HTTP report preview and downloads on a worker thread (report-worker.ts), so the
 * request thread stays free for every other request while a report of 100,000 tasks is compiled.
 * The worker is started on first use and kept; a crashed worker is replaced. When the compiled
 * worker file is absent (specs running the TypeScript sources) the report is rendered in-process.
 */
@Injectable()
export class ReportRenderPool implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportRenderPool.name);
  private readonly file = fileURLToPath(new URL('./report-worker.js', import.meta.url));
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: Array<() => void> = [];
  private pending = new Map<number, { resolve: (r: RenderResult) => void; reject: (e: Error) => void }>();
  private serial = 0;

  constructor(
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  get threaded(): boolean {
    return existsSync(this.file);
  }

  async forActor(
    actor: Actor,
    orgId: number | undefined,
    year: number,
    quarter: Quarter,
    format: ReportFormat,
  ): Promise<{ body: Buffer; contentType: string; fileName: string }> {
    const org = this.reports.authorize(actor, orgId);
    if (!this.threaded) {
      const report = await this.reports.build(org, year, quarter);
      return { body: await renderReport(report, format), contentType: CONTENT_TYPES[format], fileName: reportFileName(report, format) };
    }
    const r = await this.run({
      id: ++this.serial,
      db: { databaseUrl: this.config.databaseUrl, isPostgres: this.config.isPostgres, sqlitePath: this.config.sqlitePath },
      holidaysDir: this.config.holidaysDir,
      yellowWorkingDays: this.config.tasks.yellowWorkingDays,
      orgId: org,
      year,
      quarter,
      now: this.clock.now().getTime(),
      format,
    });
    if (!r.ok) {
      this.logger.error(`报告生成失败：${r.message}`);
      throw new DomainError(500, 'REPORT_FAILED', '报告生成失败，请稍后重试');
    }
    return { body: Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength), contentType: CONTENT_TYPES[format], fileName: r.fileName };
  }

  private async run(job: RenderJob): Promise<RenderResult> {
    const worker = await this.acquire();
    try {
      return await new Promise<RenderResult>((resolve, reject) => {
        this.pending.set(job.id, { resolve, reject });
        worker.postMessage(job);
      });
    } finally {
      this.pending.delete(job.id);
      this.release(worker);
    }
  }

  private acquire(): Promise<Worker> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.workers.length < POOL_SIZE) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.queue.push(() => resolve(this.idle.pop()!)));
  }

  private release(worker: Worker): void {
    if (!this.workers.includes(worker)) return;
    this.idle.push(worker);
    this.queue.shift()?.();
  }

  private spawn(): Worker {
    const worker = new Worker(this.file);
    worker.unref(); // an idle render thread does not keep the process alive
    worker.on('message', (r: RenderResult) => this.pending.get(r.id)?.resolve(r));
    worker.on('error', (e) => this.fail(worker, e));
    worker.on('exit', (code) => code !== 0 && this.fail(worker, new Error(`report worker exited with ${code}`)));
    this.workers.push(worker);
    return worker;
  }

  private fail(worker: Worker, e: Error): void {
    this.logger.error(`报告线程异常：${e.message}`);
    this.workers = this.workers.filter((w) => w !== worker);
    this.idle = this.idle.filter((w) => w !== worker);
    for (const p of this.pending.values()) p.reject(e);
    if (this.workers.length < POOL_SIZE) this.queue.shift()?.();
  }

  async onApplicationShutdown(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    this.idle = [];
    await Promise.all(all.map((w) => w.terminate()));
  }
}
