import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { conflict, notFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { deliverJobId, type DeliverJob } from '../jobs/catalogue.js';
import { JobHost } from '../jobs/job-host.js';
import { Metrics } from '../metrics/metrics.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { isOverdue } from '../tasks/task-light.js';
import { localDay } from '../schedule/index.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { ChannelService, channelFor } from './channels.js';
import { PermanentDeliveryError } from './drivers/classify.js';
import { MailTransport } from './drivers/mail-transport.js';
import { LedgerRepository, type LineInfo, type LineTask, type Loaded, type LoadedRow } from './ledger.repository.js';
import { Notification, NotificationMessage, type MessageStatus } from './notification.entity.js';
import { renderDigest, renderPresidiumAlert, type AlertLine, type DigestLine, type Rendered } from './templates.js';

export type DeliveryOutcome = 'sent' | 'skipped';

/**
 * Seam for issue #4's evidence: the expected evidence kinds of a task that are not yet met.
 * Until evidence is counted here, every requirement of the item is listed.
 */
export function missingEvidence(item: Pick<PlanItem, 'evidenceRequirements'> | undefined): string[] {
  return (item?.evidenceRequirements ?? []).map((r) => (r.min > 1 ? `${r.kind}×${r.min}` : r.kind));
}

/**
 * Delivers ledger messages. State is re-checked at send time: a task submitted, done, cancelled or
 * rescheduled since the sweep is not chased (its row is skipped with the reason). Transient errors
 * are rethrown so BullMQ retries with exponential backoff; after the last attempt the message and
 * its rows are `failed` with the error, listed by the API and retryable on demand.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly channels: ChannelService,
    private readonly ledger: LedgerRepository,
    private readonly jobs: JobHost,
    private readonly metrics: Metrics,
    private readonly mail: MailTransport,
  ) {
    jobs.handle(
      'deliver',
      DeliveryService.name,
      (data, job) => this.deliver(data.messageId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1), data.generation),
      (data, error) => this.failForGood(data, error),
    );
  }

  /** Puts every pending message on the queue; job ids make this idempotent. */
  async enqueuePending(): Promise<number> {
    let count = 0;
    for (let after = 0; ;) {
      const page = await this.ledger.stalePending(Number.MAX_SAFE_INTEGER, after, 1000);
      if (!page.length) return count;
      await this.enqueue(page);
      count += page.length;
      after = page[page.length - 1].id;
    }
  }

  /** One delivery job per message, named by the message and its generation (add(), pipelined: see JobHost.addMany). */
  async enqueue(messages: Array<Pick<NotificationMessage, 'id' | 'retries'>>): Promise<void> {
    await this.jobs.addMany(
      'deliver',
      messages.map((m) => ({ data: { messageId: m.id, generation: m.retries }, jobId: deliverJobId(m.id, m.retries) })),
    );
  }

  /**
   * The database is the source of truth. Every pending message last touched longer than `leaseMs`
   * ago (by the clock) is looked up in Redis under its current job id: a live job (waiting, active,
   * delayed for retry) is left alone; a job BullMQ failed (e.g. stalled twice, its workers killed)
   * fails the message, visibly and retryable; a job Redis no longer has (data lost) or finished
   * without sending is re-enqueued under a fresh job id (the next generation). Returns the counts.
   */
  async reconcile(leaseMs: number): Promise<{ requeued: number; failed: number }> {
    const before = this.clock.now().getTime() - leaseMs;
    const out = { requeued: 0, failed: 0 };
    for (let after = 0; ;) {
      const page = await this.ledger.stalePending(before, after, 1000);
      if (!page.length) return out;
      after = page[page.length - 1].id;
      const states = await this.jobs.states(
        'deliver',
        page.map((m) => deliverJobId(m.id, m.retries)),
      );
      const lost: typeof page = [];
      for (const [i, m] of page.entries()) {
        const state = states[i];
        if (this.jobs.isLive(state)) continue;
        if (state === 'failed') {
          const reason = (await this.jobs.failedReason('deliver', deliverJobId(m.id, m.retries))) ?? '任务失败';
          if (await this.failMessage(m.id, m.retries, `投递任务失败：${reason}`)) out.failed++;
        } else lost.push(m);
      }
      const won = await this.ledger.bumpGenerations(lost, this.clock.now().getTime());
      await this.enqueue(won);
      out.requeued += won.length;
    }
  }

  /** A delivery job failed for good for any reason (not only a send error): its message is failed, never left pending. */
  private async failForGood(data: DeliverJob, error: Error): Promise<void> {
    const msg = await this.db.getRepository(NotificationMessage).findOneBy({ id: data.messageId });
    if (!msg || msg.status !== 'pending') return;
    await this.failMessage(msg.id, data.generation ?? msg.retries, error.message || String(error));
  }

  /** Fails a pending message of this generation with the reason; false when it was no longer so. */
  private async failMessage(id: number, generation: number, reason: string): Promise<boolean> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const r = await m
        .getRepository(NotificationMessage)
        .update({ id, status: 'pending', retries: generation }, { status: 'failed', lastError: reason.slice(0, 2000), updatedAt: now });
      if (!r.affected) return false;
      await m.getRepository(Notification).update({ messageId: id, status: 'pending' }, { status: 'failed', reason: reason.slice(0, 200), updatedAt: now });
      this.metrics.messages.inc({ channel: 'unknown', outcome: 'failed' });
      return true;
    });
  }

  /**
   * Sends one message if it is still pending, of this job's generation, and still has something to
   * say. It is marked sent right after its own acceptance by the server (not per batch): a process
   * killed in between resends at most the messages it had in flight, under the same Message-ID.
   */
  async deliver(messageId: number, lastAttempt = true, generation?: number): Promise<DeliveryOutcome> {
    const loaded = await this.ledger.load(messageId);
    if (!loaded || loaded.msg.status !== 'pending') return 'skipped';
    // A job of an older generation (re-enqueued by the reconciler or a retry since) leaves it to the newer one.
    if (generation !== undefined && generation !== loaded.msg.retries) return 'skipped';
    const { msg, person } = loaded;
    if (!person || !person.active) {
      await this.finish(msg, 'skipped', '收件人不存在或已停用');
      return 'skipped';
    }
    const rows = await this.recheck(loaded.rows);
    const rendered = msg.kind === 'digest' ? this.digest(rows, person) : await this.presidiumAlert(msg, rows, person);
    if (!rendered) {
      await this.finish(msg, 'skipped', '发送前复核：事项均已办结或调整');
      this.metrics.messages.inc({ channel: channelFor(person), outcome: 'skipped' });
      return 'skipped';
    }
    const channel = channelFor(person);
    try {
      await this.channels.send(channel, person, { ...rendered, messageId: this.mail.messageId(`ducha.notification.${msg.id}`) });
    } catch (e) {
      const error = (e as Error).message || String(e);
      const permanent = e instanceof PermanentDeliveryError;
      await this.db
        .getRepository(NotificationMessage)
        .update(
          { id: msg.id },
          { attempts: msg.attempts + 1, lastError: error.slice(0, 2000), channel, subject: rendered.subject, updatedAt: this.clock.now() },
        );
      if (permanent || lastAttempt) {
        await this.finish(msg, 'failed', error.slice(0, 200));
        this.metrics.messages.inc({ channel, outcome: 'failed' });
        this.logger.warn(`通知 ${msg.id} 发送失败（${channel}）：${error}`);
      }
      if (permanent) throw new UnrecoverableError(error);
      throw e;
    }
    await this.ledger.markSent(msg.id, msg.attempts + 1, channel, rendered.subject, this.clock.now().getTime());
    this.metrics.messages.inc({ channel, outcome: 'sent' });
    return 'sent';
  }

  /** Re-checks each row against its task now; rows no longer worth sending are skipped with the reason. */
  private async recheck(rows: LoadedRow[]): Promise<LoadedRow[]> {
    const live: LoadedRow[] = [];
    const now = this.clock.now();
    for (const item of rows) {
      const task = item.task;
      const reason = !task
        ? '任务已删除'
        : !UNFINISHED_STATUSES.includes(task.status)
          ? `任务已${task.status}`
          : task.dueAt.getTime() !== item.dueBasis
            ? '截止时间已调整'
            : null;
      if (reason) await this.db.getRepository(Notification).update({ id: item.id, status: 'pending' }, { status: 'skipped', reason, updatedAt: now });
      else live.push(item);
    }
    return live;
  }

  private async tasksById(ids: number[]): Promise<Map<number, Task>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await this.db.getRepository(Task).findBy({ id: In(unique) }) : [];
    return new Map(rows.map((t) => [t.id, t]));
  }

  /** Lines for tasks not in the message's rows (the presidium's newly overdue): each task with its item, owner, unit and org's zone, in one query. */
  private async lines(tasks: Task[], stageOf: (t: Task) => string): Promise<AlertLine[]> {
    if (!tasks.length) return [];
    const ids = [...new Set(tasks.map((t) => t.id))];
    const raw = await this.db
      .createQueryBuilder()
      .from(Task, 't')
      .select('t.id', 'id')
      .addSelect('pi.title', 'title')
      .addSelect('pi.evidence_requirements', 'evidence')
      .addSelect('p.name', 'owner')
      .addSelect('u.name', 'unit')
      .addSelect('o.time_zone', 'tz')
      .leftJoin(PlanItem, 'pi', 'pi.id = t.item_id')
      .leftJoin(Person, 'p', 'p.id = t.owner_id')
      .leftJoin(Unit, 'u', 'u.id = t.unit_id')
      .leftJoin(Org, 'o', 'o.id = t.org_id')
      .where('t.id IN (:...ids)', { ids })
      .getRawMany<LineInfo>();
    const byId = new Map(raw.map((r) => [Number(r.id), r]));
    const today = this.today();
    return tasks.map((t) => this.line(t, byId.get(t.id), stageOf(t), today));
  }

  /** A task's line from its joined item, owner, unit and zone. */
  private line(t: LineTask, r: LineInfo | undefined, stage: string, today: (tz: string) => string): AlertLine {
    const item = r?.title != null ? { evidenceRequirements: r.evidence ? (JSON.parse(r.evidence) as PlanItem['evidenceRequirements']) : [] } : undefined;
    const now = this.clock.now();
    const tz = r?.tz ?? this.config.timeZone;
    // daysOverdue(t, now, tz), with the local day looked up once per zone per message.
    const late = isOverdue(t, now) ? Math.max(1, Math.round((Date.parse(`${today(tz)}T00:00:00Z`) - Date.parse(`${t.dueDay}T00:00:00Z`)) / 86_400_000)) : 0;
    return {
      taskId: t.id,
      title: r?.title ?? t.label,
      label: t.label,
      dueDay: t.dueDay,
      stage,
      level: t.escalationLevel,
      daysOverdue: late,
      unitName: t.unitId ? (r?.unit ?? null) : null,
      ownerName: t.ownerId ? (r?.owner ?? null) : null,
      missingEvidence: missingEvidence(item),
    };
  }

  private today(): (tz: string) => string {
    const now = this.clock.now();
    const days = new Map<string, string>();
    return (tz) => {
      let d = days.get(tz);
      if (d === undefined) days.set(tz, (d = localDay(now, tz)));
      return d;
    };
  }

  private digest(items: LoadedRow[], person: Person): Rendered | null {
    if (!items.length) return null;
    // One line per task: its latest stage.
    const latest = new Map<number, LoadedRow>();
    for (const i of items) if (!latest.has(i.taskId) || latest.get(i.taskId)!.dueAt <= i.dueAt) latest.set(i.taskId, i);
    const rows = [...latest.values()].sort((a, b) => a.task!.dueAt.getTime() - b.task!.dueAt.getTime() || a.taskId - b.taskId);
    const today = this.today();
    const lines: DigestLine[] = rows.map((i) => this.line(i.task!, i.line, i.stage, today));
    return renderDigest(person.name, lines, { catchUp: items.some((i) => i.catchUp), link: this.config.notifications.publicUrl });
  }

  private async presidiumAlert(msg: Loaded['msg'], items: LoadedRow[], person: Person): Promise<Rendered | null> {
    const data = (msg.data ?? {}) as { day?: string; newlyOverdue?: number[] };
    const escalatedIds = new Set(items.map((i) => i.taskId));
    const fresh = [...(await this.tasksById(data.newlyOverdue ?? [])).values()].filter(
      (t) => UNFINISHED_STATUSES.includes(t.status) && !escalatedIds.has(t.id),
    );
    // A task once, in the order of its first row, with the stage of its last (rows come in id order).
    const byTask = new Map<number, LoadedRow>();
    for (const i of items) byTask.set(i.taskId, { ...(byTask.get(i.taskId) ?? i), stage: i.stage });
    if (!fresh.length && !byTask.size) return null;
    const today = this.today();
    const escalated = [...byTask.values()].map((i) => this.line(i.task!, i.line, i.stage, today));
    return renderPresidiumAlert(person.name, data.day ?? '', await this.lines(fresh, () => 'overdue'), escalated, this.config.notifications.publicUrl);
  }

  private async finish(msg: Pick<NotificationMessage, 'id'>, status: MessageStatus, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.getRepository(NotificationMessage).update({ id: msg.id }, { status, ...(status === 'failed' ? {} : { lastError: reason }), updatedAt: now });
      await m
        .getRepository(Notification)
        .update({ messageId: msg.id, status: 'pending' }, { status: status === 'failed' ? 'failed' : 'skipped', reason, updatedAt: now });
    });
  }

  /** Messages by status, newest first, with their ledger rows. */
  async list(
    status: MessageStatus | undefined,
    page = 1,
    pageSize = 50,
  ): Promise<{ items: Array<NotificationMessage & { notifications: Notification[] }>; total: number; page: number; pageSize: number }> {
    const [rows, total] = await this.db
      .getRepository(NotificationMessage)
      .findAndCount({ where: status ? { status } : {}, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    const ids = rows.map((r) => r.id);
    const items = ids.length ? await this.db.getRepository(Notification).find({ where: { messageId: In(ids) }, order: { id: 'ASC' } }) : [];
    return { items: rows.map((r) => ({ ...r, notifications: items.filter((i) => i.messageId === r.id) })), total, page, pageSize };
  }

  /** Puts a failed message back to pending and enqueues it again as a new job. */
  async retry(id: number, orgId?: number): Promise<NotificationMessage> {
    const repo = this.db.getRepository(NotificationMessage);
    const msg = await repo.findOneBy({ id });
    if (!msg || (orgId !== undefined && msg.orgId !== orgId)) throw notFound('通知', id);
    if (msg.status !== 'failed') throw conflict('NOT_FAILED', `通知 ${id} 的状态是 ${msg.status}，只能重试发送失败的通知`);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.getRepository(NotificationMessage).update({ id, status: 'failed' }, { status: 'pending', retries: msg.retries + 1, updatedAt: now });
      await m.getRepository(Notification).update({ messageId: id, status: 'failed' }, { status: 'pending', reason: null, updatedAt: now });
    });
    const fresh = (await repo.findOneBy({ id }))!;
    await this.enqueue([fresh]);
    return fresh;
  }
}
