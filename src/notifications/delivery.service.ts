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
import { countNewlyOverdue, firstNewlyOverdue, type OverdueLineRow } from '../supervision/newly-overdue.js';
import { isOverdue } from '../tasks/task-light.js';
import { localDay } from '../schedule/index.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { ChannelService, channelFor } from './channels.js';
import { PermanentDeliveryError } from './drivers/classify.js';
import { MailTransport } from './drivers/mail-transport.js';
import { LedgerRepository, type LineInfo, type LineTask, type Loaded, type LoadedRow } from './ledger.repository.js';
import { Notification, NotificationMessage, type MessageStatus } from './notification.entity.js';
import { mentionsPresidium, renderDigest, renderPresidiumAlert, type LineRole, type Rendered, type TaskLine } from './templates.js';
import { requirementStatus } from '../evidence/requirements.js';
import { jsonArray } from '../database/dialect.js';

export type DeliveryOutcome = 'sent' | 'skipped';

/** Ids per IN list: far below SQLite's and PostgreSQL's bound-variable limits. */
const ID_CHUNK = 500;

/** A newly overdue row as the line builder's task. */
function overdueTask(r: OverdueLineRow): LineTask {
  return {
    id: Number(r.id),
    status: r.status as Task['status'],
    dueAt: new Date(Number(r.due_at)),
    dueDay: r.due_day,
    label: r.label,
    escalationLevel: Number(r.escalation_level),
    ownerId: r.owner_id == null ? null : Number(r.owner_id),
    unitId: r.unit_id == null ? null : Number(r.unit_id),
    graceUntilDay: r.grace_until_day ?? null,
  };
}

/** The expected evidence kinds of a task not yet met by what is attached ("照片×2" when two are still needed). */
export function missingEvidence(item: Pick<PlanItem, 'evidenceRequirements'> | undefined, attached: Array<{ kind: string | null }>): string[] {
  return requirementStatus(item?.evidenceRequirements ?? [], attached)
    .filter((r) => !r.met)
    .map((r) => (r.min - r.count > 1 ? `${r.kind}×${r.min - r.count}` : r.kind));
}

/** What a message's lines need besides the joined rows: attached evidence per task and whether the org has a presidium. */
interface LineContext {
  today: (tz: string) => string;
  evidence: Map<number, Array<{ kind: string | null }>>;
  /** Read only for the lines that say so (a second escalation read by an owner or a head): see `mentionsPresidium`. */
  presidium: boolean;
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

  /** Puts every pending message on the queue but those just enqueued (`except`); job ids make this idempotent. */
  async enqueuePending(except: ReadonlySet<number> = new Set()): Promise<number> {
    let count = 0;
    for (let after = 0; ;) {
      const page = await this.ledger.stalePending(Number.MAX_SAFE_INTEGER, after, 1000);
      if (!page.length) return count;
      const rest = page.filter((m) => !except.has(m.id));
      await this.enqueue(rest);
      count += rest.length;
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
    const rendered = msg.kind === 'digest' ? await this.digest(msg, rows, person) : await this.presidiumAlert(msg, rows, person);
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

  /** Tasks by id, a chunk per query: a list from a message made before alerts were bounded may hold tens of thousands. */
  private async tasksById(ids: number[]): Promise<Task[]> {
    const unique = [...new Set(ids)];
    const out: Task[] = [];
    for (let i = 0; i < unique.length; i += ID_CHUNK) out.push(...(await this.db.getRepository(Task).findBy({ id: In(unique.slice(i, i + ID_CHUNK)) })));
    return out;
  }

  /** Lines for tasks not in the message's rows (the presidium's newly overdue): each task with its item, owner, unit and org's zone, in one query. */
  private async lines(tasks: Task[], stageOf: (t: Task) => string, ctx: LineContext): Promise<TaskLine[]> {
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
      .addSelect('u.head_id', 'head')
      .addSelect('o.time_zone', 'tz')
      .leftJoin(PlanItem, 'pi', 'pi.id = t.item_id')
      .leftJoin(Person, 'p', 'p.id = t.owner_id')
      .leftJoin(Unit, 'u', 'u.id = t.unit_id')
      .leftJoin(Org, 'o', 'o.id = t.org_id')
      .where('t.id IN (:...ids)', { ids })
      .getRawMany<LineInfo>();
    const byId = new Map(raw.map((r) => [Number(r.id), r]));
    for (const [id, kinds] of await this.ledger.attachedEvidence(ids)) ctx.evidence.set(id, kinds);
    return tasks.map((t) => this.line(t, byId.get(t.id), stageOf(t), 'presidium', ctx));
  }

  /**
   * The lines' context from what the message's load already carries (each row's attached evidence):
   * no query, but the org's presidium when some line would mention it (rare: a second escalation).
   */
  private async lineContext(
    orgId: number,
    rows: Array<{ taskId: number; evidence: Array<{ kind: string | null }> }>,
    lines: Array<{ stage: string; role: string }>,
  ): Promise<LineContext> {
    const evidence = new Map<number, Array<{ kind: string | null }>>();
    for (const r of rows) evidence.set(r.taskId, r.evidence);
    return {
      today: this.today(),
      evidence,
      presidium: lines.some((l) => mentionsPresidium(l.stage, l.role)) ? await this.ledger.orgHasPresidium(orgId) : false,
    };
  }

  private taskUrl(taskId: number): string {
    return `${this.config.notifications.publicUrl}/tasks/${taskId}`;
  }
  private boardUrl(): string {
    return `${this.config.notifications.publicUrl}/board`;
  }

  /** A task's line from its joined item, owner, unit and zone, as read by `role`. */
  private line(t: LineTask, r: LineInfo | undefined, stage: string, role: LineRole, ctx: LineContext): TaskLine {
    const item = r?.title != null ? { evidenceRequirements: r.evidence ? (JSON.parse(r.evidence) as PlanItem['evidenceRequirements']) : [] } : undefined;
    const now = this.clock.now();
    const tz = r?.tz ?? this.config.timeZone;
    const today = ctx.today(tz);
    // daysOverdue(t, now, tz), with the local day looked up once per zone per message.
    const dayDiff = Math.round((Date.parse(`${t.dueDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    const late = isOverdue(t, now) ? Math.max(1, -dayDiff) : 0;
    const head = r?.head == null ? null : Number(r.head);
    return {
      taskId: t.id,
      title: r?.title ?? t.label,
      label: t.label,
      dueDay: t.dueDay,
      stage,
      role,
      daysOverdue: late,
      daysLeft: late ? 0 : Math.max(0, dayDiff),
      unitName: t.unitId ? (r?.unit ?? null) : null,
      ownerName: t.ownerId ? (r?.owner ?? null) : null,
      missingEvidence: missingEvidence(item, ctx.evidence.get(t.id) ?? []),
      headTold: t.unitId != null && head != null && head !== t.ownerId,
      presidiumTold: ctx.presidium,
      url: this.taskUrl(t.id),
      graceUntilDay: t.graceUntilDay && t.graceUntilDay >= today ? t.graceUntilDay : null,
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

  private async digest(msg: Loaded['msg'], items: LoadedRow[], person: Person): Promise<Rendered | null> {
    if (!items.length) return null;
    // One line per task and role (a head may also own some of the unit's tasks): its latest stage.
    const latest = new Map<string, LoadedRow>();
    for (const i of items) {
      const key = `${i.taskId}:${i.role}`;
      if (!latest.has(key) || latest.get(key)!.dueAt <= i.dueAt) latest.set(key, i);
    }
    const rows = [...latest.values()].sort((a, b) => a.task!.dueAt.getTime() - b.task!.dueAt.getTime() || a.taskId - b.taskId);
    const shown = rows.slice(0, this.maxLines());
    const roleOf = (i: LoadedRow): LineRole => (i.role === 'unitHead' ? 'unitHead' : 'owner');
    const ctx = await this.lineContext(
      msg.orgId,
      shown,
      shown.map((i) => ({ stage: i.stage, role: roleOf(i) })),
    );
    // Longest overdue first; past the cap the rest is counted and left to the board.
    const lines = shown.map((i) => this.line(i.task!, i.line, i.stage, roleOf(i), ctx));
    return renderDigest({ name: person.name, lines, catchUp: items.some((i) => i.catchUp), boardUrl: this.boardUrl(), total: rows.length });
  }

  private maxLines(): number {
    return this.config.supervision.maxLinesPerMessage;
  }

  /**
   * The daily alert, bounded: the newly overdue of the sweep's window still unfinished now (counted
   * in SQL, the first lines loaded, longest overdue first) and the escalations, each list cut at
   * `maxLinesPerMessage` with its total.
   */
  private async presidiumAlert(msg: Loaded['msg'], items: LoadedRow[], person: Person): Promise<Rendered | null> {
    const data = (msg.data ?? {}) as { day?: string; since?: number; until?: number; newlyOverdue?: number | number[] };
    const max = this.maxLines();
    // A task once, in the order of its first row, with the stage of its last (rows come in id order).
    const byTask = new Map<number, LoadedRow>();
    for (const i of items) byTask.set(i.taskId, { ...(byTask.get(i.taskId) ?? i), stage: i.stage });
    const shownEscalated = [...byTask.values()].slice(0, max);
    let newlyOverdue: TaskLine[];
    let freshTotal: number;
    if (typeof data.since === 'number' && typeof data.until === 'number') {
      const window = { orgId: msg.orgId, since: data.since, until: data.until, day: data.day ?? '', exceptMessageId: msg.id };
      const rows = await firstNewlyOverdue(this.db, window, max);
      freshTotal = rows.length < max ? rows.length : await countNewlyOverdue(this.db, window);
      if (!rows.length && !byTask.size) return null;
      const ctx = await this.lineContext(
        msg.orgId,
        [...shownEscalated, ...rows.map((r) => ({ taskId: Number(r.id), evidence: jsonArray<string | null>(r.kinds).map((kind) => ({ kind })) }))],
        [],
      );
      newlyOverdue = rows.map((r) => this.line(overdueTask(r), { ...r, id: r.id as number, head: r.head as number | null }, 'overdue', 'presidium', ctx));
      const escalated = shownEscalated.map((i) => this.line(i.task!, i.line, i.stage, 'presidium', ctx));
      return renderPresidiumAlert({
        name: person.name,
        day: data.day ?? '',
        newlyOverdue,
        escalated,
        boardUrl: this.boardUrl(),
        totals: { newlyOverdue: freshTotal, escalated: byTask.size },
      });
    }
    // A message made before alerts were bounded carries the task ids themselves.
    const live = (await this.tasksById(Array.isArray(data.newlyOverdue) ? data.newlyOverdue : []))
      .filter((t) => UNFINISHED_STATUSES.includes(t.status) && !byTask.has(t.id))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
    if (!live.length && !byTask.size) return null;
    const ctx = await this.lineContext(msg.orgId, shownEscalated, []);
    const escalated = shownEscalated.map((i) => this.line(i.task!, i.line, i.stage, 'presidium', ctx));
    newlyOverdue = await this.lines(live.slice(0, max), () => 'overdue', ctx);
    return renderPresidiumAlert({
      name: person.name,
      day: data.day ?? '',
      newlyOverdue,
      escalated,
      boardUrl: this.boardUrl(),
      totals: { newlyOverdue: live.length, escalated: byTask.size },
    });
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
