import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, assertOrg, type Actor } from '../auth/access.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { Clock } from '../clock/clock.js';
import { forbidden, invalidField } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { reportJobId, resendJobId, type ReportJob } from '../jobs/catalogue.js';
import { JobHost } from '../jobs/job-host.js';
import { classifySmtp } from '../notifications/drivers/classify.js';
import { MailTransport } from '../notifications/drivers/mail-transport.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import type { WorkingCalendar } from '../schedule/index.js';
import { compileQuarterlyReport } from './compile.js';
import { loadReportInput, quarterKey, reportKey } from './load.js';
import { QUARTER_NAMES } from './quarter.js';
import { renderDocx } from './render-docx.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderXlsx } from './render-xlsx.js';
import { ReportDelivery } from './report-delivery.entity.js';
import { quarterDue } from './send-schedule.js';
import type { Quarter, QuarterlyReport } from './types.js';

export const REPORT_FORMATS = ['json', 'html', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** "某某镇人大主席团2024年第三季度督查通报.docx" / "…台账.xlsx" */
export function reportFileName(r: Pick<QuarterlyReport, 'org' | 'year' | 'quarter'>, format: ReportFormat): string {
  const base = `${r.org.name}${r.year}年${QUARTER_NAMES[r.quarter]}督查${format === 'xlsx' ? '台账' : '通报'}`;
  return `${base.replace(/[\\/:*?"<>|]/g, '_')}.${format}`;
}

export async function renderReport(r: QuarterlyReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(renderJson(r), 'utf8');
    case 'html':
      return Buffer.from(renderHtml(r), 'utf8');
    case 'docx':
      return renderDocx(r);
    case 'xlsx':
      return renderXlsx(r);
  }
}

export type ReportOutcome = 'sent' | 'skipped';

/** A claim older than this is taken over: its sender died between claiming and marking sent. */
const CLAIM_LEASE_MS = 15 * 60_000;

/**
 * The quarterly report: built from the database for one org and quarter, served over HTTP, and
 * emailed on the first working day after the quarter ends. The tick only enqueues
 * `report:<org>:<2024-Q3>`; the worker claims the report_delivery row of that key before sending,
 * so the scheduled report goes out once per org and quarter across instances and restarts.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    private readonly jobs: JobHost,
    private readonly mail: MailTransport,
  ) {
    jobs.handle('send-quarterly-report', ReportsService.name, (_data, job) => this.process(job));
  }

  /** Compiles one org's report for a quarter, with the task table as it stands at `now`. */
  async build(orgId: number, year: number, quarter: Quarter, now = this.clock.now()): Promise<QuarterlyReport> {
    const input = await loadReportInput(this.db, orgId, year, quarter, now, {
      calendar: this.calendar,
      yellowWorkingDays: this.config.tasks.yellowWorkingDays,
    });
    return compileQuarterlyReport(input);
  }

  /** For the HTTP API: presidium and admins of the org only. */
  async forActor(
    actor: Actor,
    orgId: number | undefined,
    year: number,
    quarter: Quarter,
    format: ReportFormat,
  ): Promise<{ body: Buffer; contentType: string; fileName: string }> {
    const org = this.authorize(actor, orgId);
    const report = await this.build(org, year, quarter);
    return { body: await renderReport(report, format), contentType: CONTENT_TYPES[format], fileName: reportFileName(report, format) };
  }

  /** The org whose report the caller may see (presidium and admins of it); 403 otherwise. */
  authorize(actor: Actor, orgId: number | undefined): number {
    const org = orgId ?? actor.orgId;
    assertOrg(actor, org);
    if (!hasRole(actor, 'admin', 'presidium')) throw forbidden('无权查看督查报告：只有本组织的主席团成员或管理员可以查看和发送');
    return org;
  }

  /**
   * The tick's only work: for each org whose report send instant has passed (within the catch-up
   * horizon) and is not yet marked sent, enqueue the job named by the business key.
   */
  async tick(now = this.clock.now()): Promise<string[]> {
    const { sendTime, catchUpDays } = this.config.reports;
    const enqueued: string[] = [];
    for (const org of await this.db.getRepository(Org).find({ order: { id: 'ASC' } })) {
      const due = quarterDue(now, org.timeZone, this.calendar, sendTime, catchUpDays);
      if (!due) continue;
      const row = await this.db.getRepository(ReportDelivery).findOneBy({ key: reportKey(org.id, due.year, due.quarter) });
      if (row && row.status !== 'pending') continue;
      const jobId = reportJobId(org.id, due.year, due.quarter);
      await this.jobs.add('send-quarterly-report', { orgId: org.id, year: due.year, quarter: due.quarter, resendBy: null }, jobId);
      enqueued.push(jobId);
    }
    return enqueued;
  }

  /** Enqueues the scheduled send of one org and quarter (what the tick does); the once-guard applies. */
  async enqueueScheduled(orgId: number, year: number, quarter: Quarter): Promise<string> {
    const jobId = reportJobId(orgId, year, quarter);
    await this.jobs.add('send-quarterly-report', { orgId, year, quarter, resendBy: null }, jobId);
    return jobId;
  }

  /** Explicit re-send: bypasses the once-guard, and is audited. One org, or every org the caller may act for (their own). */
  async resend(actor: Actor, year: number, quarter: Quarter, orgId?: number): Promise<{ jobId: string; orgId: number; recipients: string[] }> {
    const org = this.authorize(actor, orgId);
    const recipients = await this.recipients(org);
    if (!recipients.length) throw invalidField('orgId', '本组织没有主席团成员邮箱，也没有配置报告收件人', '没有收件人');
    const now = this.clock.now();
    await this.audit.record([
      {
        entityType: 'report',
        entityId: org,
        orgId: org,
        action: 'report.resend',
        actorId: actor.id,
        reason: `重新发送${year}年${QUARTER_NAMES[quarter]}督查通报`,
        data: { year, quarter, recipients },
      },
    ]);
    const jobId = resendJobId(org, year, quarter, now.getTime());
    await this.jobs.add('send-quarterly-report', { orgId: org, year, quarter, resendBy: actor.id }, jobId);
    return { jobId, orgId: org, recipients };
  }

  /** Presidium members with an address, then the configured addresses; each once. */
  async recipients(orgId: number): Promise<string[]> {
    const people = await this.db
      .getRepository(Person)
      .find({ where: { orgId, active: true }, select: { id: true, roles: true, email: true }, order: { id: 'ASC' } });
    const list = [
      ...people.filter((p) => p.roles.includes('presidium') && p.email).map((p) => p.email!),
      ...this.config.reports.recipients,
      ...(this.config.reports.orgRecipients[String(orgId)] ?? []),
    ];
    return [...new Set(list.map((x) => x.trim()).filter(Boolean))];
  }

  private async process(job: Job<ReportJob>): Promise<ReportOutcome> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const { orgId, year, quarter, resendBy } = job.data;
    return resendBy === null
      ? this.sendScheduled(orgId, year, quarter, last)
      : this.sendNow(orgId, year, quarter, `resend.${job.id}`).then(() => 'sent' as const);
  }

  /** The once-guarded send: claim the row, send, mark sent. A lost claim or a sent row means someone else did it. */
  async sendScheduled(orgId: number, year: number, quarter: Quarter, lastAttempt = true): Promise<ReportOutcome> {
    const key = reportKey(orgId, year, quarter);
    const repo = this.db.getRepository(ReportDelivery);
    const now = this.clock.now();
    await repo
      .createQueryBuilder()
      .insert()
      .into(ReportDelivery)
      .values({
        key,
        orgId,
        year,
        quarter,
        status: 'pending',
        claimedAt: null,
        attempts: 0,
        recipients: null,
        lastError: null,
        sentAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const claim = await repo
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedAt: now, updatedAt: now, attempts: () => 'attempts + 1' })
      .where("key = :key AND (status = 'pending' OR (status = 'sending' AND claimed_at < :stale))", { key, stale: now.getTime() - CLAIM_LEASE_MS })
      .execute();
    if (!claim.affected) return 'skipped';
    try {
      const recipients = await this.sendNow(orgId, year, quarter, 'scheduled');
      const at = this.clock.now();
      await repo.update(
        { key },
        {
          status: recipients.length ? 'sent' : 'skipped',
          recipients,
          sentAt: recipients.length ? at : null,
          lastError: recipients.length ? null : '没有收件人',
          updatedAt: at,
        },
      );
      await this.audit.record([{ entityType: 'report', entityId: orgId, orgId, action: 'report.sent', data: { year, quarter, recipients } }]);
      return recipients.length ? 'sent' : 'skipped';
    } catch (e) {
      const error = ((e as Error).message || String(e)).slice(0, 2000);
      // A permanent failure is not retried by BullMQ: the row must say failed now, not wait as pending.
      lastAttempt ||= e instanceof UnrecoverableError;
      await repo.update({ key }, { status: lastAttempt ? 'failed' : 'pending', claimedAt: null, lastError: error, updatedAt: this.clock.now() });
      if (lastAttempt) this.logger.warn(`${quarterKey(year, quarter)} 督查通报（组织 ${orgId}）发送失败：${error}`);
      throw e;
    }
  }

  /** Compiles, renders and mails one report: HTML body, DOCX and XLSX attached. Returns the addresses. */
  async sendNow(orgId: number, year: number, quarter: Quarter, tag: string): Promise<string[]> {
    const to = await this.recipients(orgId);
    if (!to.length) return [];
    const report = await this.build(orgId, year, quarter);
    const [docx, xlsx] = [await renderDocx(report), await renderXlsx(report)];
    // The process' one pooled transport (shared with the reminders) and the one SMTP classifier.
    try {
      await this.mail.send({
        to,
        subject: `【督查通报】${report.title}`,
        text: [report.title, '', report.text.opening, ...report.text.overview, '', '正文及落实情况表见附件。'].join('\n'),
        html: renderHtml(report),
        messageId: this.messageId(orgId, year, quarter, tag),
        attachments: [
          { filename: reportFileName(report, 'docx'), content: docx, contentType: CONTENT_TYPES.docx },
          { filename: reportFileName(report, 'xlsx'), content: xlsx, contentType: CONTENT_TYPES.xlsx },
        ],
      });
    } catch (e) {
      if (classifySmtp(e) === 'permanent') throw new UnrecoverableError((e as Error).message);
      throw e;
    }
    this.logger.log(`已发送 ${report.title} → ${to.join(', ')}`);
    return to;
  }

  /** Stable for the scheduled send, so a duplicate after a crash can be recognised by the receiving side. */
  private messageId(orgId: number, year: number, quarter: Quarter, tag: string): string {
    return this.mail.messageId(`ducha.report.${orgId}.${quarterKey(year, quarter)}${tag === 'scheduled' ? '' : `.${tag.replace(/[^A-Za-z0-9.-]/g, '-')}`}`);
  }

  /** Resolves when no report job is waiting, running or delayed. For tests and the simulation. */
  async waitForIdle(timeoutMs = 60_000, pollMs = 20): Promise<void> {
    await this.jobs.waitForIdle(['report'], timeoutMs, pollMs);
  }
}
