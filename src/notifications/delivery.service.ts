import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { conflict, notFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { REDIS_URL } from '../redis/redis.module.js';
import { isOverdue } from '../tasks/task-light.js';
import { localDay } from '../schedule/index.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { ChannelService, channelFor, PermanentDeliveryError } from './channels.js';
import { Notification, NotificationMessage, type MessageKind, type MessageStatus } from './notification.entity.js';
import { bullConnection, DELIVER_QUEUE, deliverJobId, deliverJobOptions, makeQueue, type DeliverJob } from './queues.js';
import { renderDigest, renderPresidiumAlert, type LineRole, type Rendered, type TaskLine } from './templates.js';
import { requirementStatus } from '../evidence/requirements.js';
import { Evidence } from '../evidence/evidence.entities.js';

export type DeliveryOutcome = 'sent' | 'skipped';

const ENQUEUE_CHUNK = 500;

/** A message with its recipient and pending rows, each row with its task and line joins. Plain SQL, one placeholder. */
const LOAD_SQL = `SELECT m.id AS m_id, m.kind AS m_kind, m.status AS m_status, m.attempts AS m_attempts, m.org_id AS m_org_id, m.data AS m_data,
  p.id AS p_id, p.org_id AS p_org_id, p.name AS p_name, p.email AS p_email, p.webhook_url AS p_webhook_url, p.notify_channel AS p_notify_channel, p.wecom_user_id AS p_wecom_user_id, p.dingtalk_user_id AS p_dingtalk_user_id, p.active AS p_active,
  n.id AS n_id, n.task_id AS n_task_id, n.stage AS n_stage, n.due_basis AS n_due_basis, n.due_at AS n_due_at, n.catch_up AS n_catch_up, n.role AS n_role,
  t.id AS t_id, t.status AS t_status, t.due_at AS t_due_at, t.due_day AS t_due_day, t.label AS t_label, t.escalation_level AS t_escalation_level, t.grace_until_day AS t_grace_until_day, t.owner_id AS t_owner_id, t.unit_id AS t_unit_id,
  pi.title AS l_title, pi.evidence_requirements AS l_evidence, op.name AS l_owner, u.name AS l_unit, u.head_id AS l_head, o.time_zone AS l_tz
FROM notification_message m
LEFT JOIN person p ON p.id = m.recipient_id
LEFT JOIN notification n ON n.message_id = m.id AND n.status = 'pending'
LEFT JOIN task t ON t.id = n.task_id
LEFT JOIN plan_item pi ON pi.id = t.item_id
LEFT JOIN person op ON op.id = t.owner_id
LEFT JOIN unit u ON u.id = t.unit_id
LEFT JOIN org o ON o.id = t.org_id
WHERE m.id = ?
ORDER BY n.id`;

type Val = string | number | null;
/** A LOAD_SQL row: SQLite gives integers and 0/1, PostgreSQL strings for bigint and booleans. */
interface LoadRow {
  m_id: Val;
  m_kind: MessageKind;
  m_status: MessageStatus;
  m_attempts: Val;
  m_org_id: Val;
  m_data: string | null;
  p_id: Val;
  p_org_id: Val;
  p_name: string;
  p_email: string | null;
  p_webhook_url: string | null;
  p_notify_channel: string | null;
  p_wecom_user_id: string | null;
  p_dingtalk_user_id: string | null;
  p_active: Val | boolean;
  n_id: Val;
  n_task_id: Val;
  n_stage: string | null;
  n_due_basis: Val;
  n_due_at: Val;
  n_catch_up: Val | boolean;
  n_role: string | null;
  t_id: Val;
  t_status: string | null;
  t_due_at: Val;
  t_due_day: string | null;
  t_label: string | null;
  t_escalation_level: Val;
  t_grace_until_day: string | null;
  t_owner_id: Val;
  t_unit_id: Val;
  l_title: string | null;
  l_evidence: string | null;
  l_owner: string | null;
  l_unit: string | null;
  l_head: Val;
  l_tz: string | null;
}
interface LineInfo {
  id: Val;
  title: string | null;
  evidence: string | null;
  owner: string | null;
  unit: string | null;
  head: Val;
  tz: string | null;
}
type LineTask = Pick<Task, 'id' | 'status' | 'dueAt' | 'dueDay' | 'label' | 'escalationLevel' | 'ownerId' | 'unitId' | 'graceUntilDay'>;
interface LoadedRow {
  id: number;
  taskId: number;
  stage: string;
  dueBasis: number;
  dueAt: number;
  catchUp: boolean;
  role: string;
  task: LineTask | null;
  line: LineInfo;
}
interface Loaded {
  msg: { id: number; kind: MessageKind; status: MessageStatus; attempts: number; orgId: number; data: Record<string, unknown> | null };
  person: Person | null;
  rows: LoadedRow[];
}

const truthy = (v: Val | boolean): boolean => v === true || v === 't' || Number(v) === 1;

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
  presidium: boolean;
}

/**
 * Delivers ledger messages. State is re-checked at send time: a task submitted, done, cancelled or
 * rescheduled since the sweep is not chased (its row is skipped with the reason). Transient errors
 * are rethrown so BullMQ retries with exponential backoff; after the last attempt the message and
 * its rows are `failed` with the error, listed by the API and retryable on demand.
 */
@Injectable()
export class DeliveryService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryService.name);
  queue: Queue<DeliverJob>;
  private worker: Worker<DeliverJob> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly channels: ChannelService,
    @Inject(REDIS_URL) private readonly redisUrl: string,
  ) {}

  onModuleInit(): void {
    this.queue = makeQueue<DeliverJob>(DELIVER_QUEUE, this.redisUrl, this.config.queuePrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.supervision.workers) return;
    this.worker = new Worker<DeliverJob>(DELIVER_QUEUE, (job) => this.process(job), {
      connection: bullConnection(this.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.config.notifications.concurrency,
    });
    this.worker.on('error', (e) => this.logger.warn(`deliver worker: ${e.message}`));
    // The database is the source of truth: whatever is pending (Redis lost, app killed mid-delivery) goes back on the queue.
    const n = await this.enqueuePending();
    if (n) this.logger.log(`重新排队 ${n} 条待发送通知`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  /** Puts every pending message on the queue; job ids make this idempotent. */
  async enqueuePending(): Promise<number> {
    const repo = this.db.getRepository(NotificationMessage);
    let count = 0;
    for (let after = 0; ;) {
      const page = await repo
        .createQueryBuilder('m')
        .select(['m.id', 'm.retries'])
        .where('m.status = :s AND m.id > :after', { s: 'pending', after })
        .orderBy('m.id', 'ASC')
        .take(1000)
        .getMany();
      if (!page.length) return count;
      await this.enqueue(page);
      count += page.length;
      after = page[page.length - 1].id;
    }
  }

  /**
   * add() per message, not addBulk(): only add() deduplicates by job id. The adds of a chunk are
   * issued together, so ioredis pipelines them on the one connection instead of a round trip each.
   */
  async enqueue(messages: Array<Pick<NotificationMessage, 'id' | 'retries'>>): Promise<void> {
    const opts = deliverJobOptions(this.config.notifications.attempts, this.config.notifications.backoffMs);
    for (let i = 0; i < messages.length; i += ENQUEUE_CHUNK) {
      await Promise.all(
        messages.slice(i, i + ENQUEUE_CHUNK).map((m) => this.queue.add('deliver', { messageId: m.id }, { ...opts, jobId: deliverJobId(m.id, m.retries) })),
      );
    }
  }

  private async process(job: Job<DeliverJob>): Promise<DeliveryOutcome> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliver(job.data.messageId, last);
  }

  /**
   * Sends one message if it is still pending and still has something to say. The message, its
   * recipient and its pending rows with their tasks, items, owners, units and zones come in one
   * query; marking it sent is one transaction of two plain UPDATEs. Each TypeORM repository call costs
   * more than SQLite does here, and this runs on the event loop that also talks SMTP.
   */
  async deliver(messageId: number, lastAttempt = true): Promise<DeliveryOutcome> {
    const loaded = await this.load(messageId);
    if (!loaded || loaded.msg.status !== 'pending') return 'skipped';
    const { msg, person } = loaded;
    if (!person || !person.active) {
      await this.finish(msg, 'skipped', '收件人不存在或已停用');
      return 'skipped';
    }
    const rows = await this.recheck(loaded.rows);
    const rendered = msg.kind === 'digest' ? await this.digest(msg, rows, person) : await this.presidiumAlert(msg, rows, person);
    if (!rendered) {
      await this.finish(msg, 'skipped', '发送前复核：事项均已办结或调整');
      return 'skipped';
    }
    const channel = channelFor(person);
    try {
      await this.channels.send(channel, person, { ...rendered, messageId: this.messageIdHeader(msg.id) });
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
        this.logger.warn(`通知 ${msg.id} 发送失败（${channel}）：${error}`);
      }
      if (permanent) throw new UnrecoverableError(error);
      throw e;
    }
    const now = this.clock.now().getTime();
    const $ = this.placeholders();
    // Rows and message together, so a crash leaves both pending (resent under the same Message-ID) or both sent.
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE notification_message SET status = 'sent', attempts = ${$(1)}, channel = ${$(2)}, subject = ${$(3)}, sent_at = ${$(4)}, last_error = NULL, updated_at = ${$(5)} WHERE id = ${$(6)} AND status = 'pending'`,
        [msg.attempts + 1, channel, rendered.subject, now, now, msg.id],
      );
      await m.query(`UPDATE notification SET status = 'sent', updated_at = ${$(1)} WHERE message_id = ${$(2)} AND status = 'pending'`, [now, msg.id]);
    });
    return 'sent';
  }

  /** `?` on SQLite, `$n` on PostgreSQL. */
  private placeholders(): (n: number) => string {
    return this.db.driver.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
  }

  /** One query: the message, its recipient, and its pending rows each with what its line needs. Null when the message is gone. */
  private async load(messageId: number): Promise<Loaded | null> {
    const raw = (await this.db.query(LOAD_SQL.replace('?', this.placeholders()(1)), [messageId])) as LoadRow[];
    if (!raw.length) return null;
    const r0 = raw[0];
    const msg = {
      id: Number(r0.m_id),
      kind: r0.m_kind,
      status: r0.m_status,
      attempts: Number(r0.m_attempts),
      orgId: Number(r0.m_org_id),
      data: r0.m_data ? (JSON.parse(r0.m_data) as Record<string, unknown>) : null,
    };
    const person =
      r0.p_id == null
        ? null
        : (Object.assign(new Person(), {
            id: Number(r0.p_id),
            orgId: Number(r0.p_org_id),
            name: r0.p_name,
            email: r0.p_email,
            webhookUrl: r0.p_webhook_url,
            notifyChannel: r0.p_notify_channel,
            wecomUserId: r0.p_wecom_user_id,
            dingtalkUserId: r0.p_dingtalk_user_id,
            active: truthy(r0.p_active),
          }) as Person);
    const rows: LoadedRow[] = [];
    for (const r of raw) {
      if (r.n_id == null) continue;
      rows.push({
        id: Number(r.n_id),
        taskId: Number(r.n_task_id),
        stage: r.n_stage!,
        dueBasis: Number(r.n_due_basis),
        dueAt: Number(r.n_due_at),
        catchUp: truthy(r.n_catch_up),
        role: r.n_role ?? 'owner',
        task:
          r.t_id == null
            ? null
            : {
                id: Number(r.t_id),
                status: r.t_status as Task['status'],
                dueAt: new Date(Number(r.t_due_at)),
                dueDay: r.t_due_day!,
                label: r.t_label!,
                escalationLevel: Number(r.t_escalation_level),
                graceUntilDay: r.t_grace_until_day ?? null,
                ownerId: r.t_owner_id == null ? null : Number(r.t_owner_id),
                unitId: r.t_unit_id == null ? null : Number(r.t_unit_id),
              },
        line: { id: r.t_id ?? 0, title: r.l_title, evidence: r.l_evidence, owner: r.l_owner, unit: r.l_unit, head: r.l_head, tz: r.l_tz },
      });
    }
    return { msg, person, rows };
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
    for (const [id, kinds] of await this.attachedEvidence(ids)) ctx.evidence.set(id, kinds);
    return tasks.map((t) => this.line(t, byId.get(t.id), stageOf(t), 'presidium', ctx));
  }

  /** The kinds of the evidence attached (not detached) to these tasks, in one query. */
  private async attachedEvidence(taskIds: number[]): Promise<Map<number, Array<{ kind: string | null }>>> {
    const out = new Map<number, Array<{ kind: string | null }>>();
    const ids = [...new Set(taskIds)];
    if (!ids.length) return out;
    const rows = await this.db
      .getRepository(Evidence)
      .createQueryBuilder('e')
      .select('e.task_id', 'taskId')
      .addSelect('e.kind', 'kind')
      .where('e.task_id IN (:...ids) AND e.detached_at IS NULL', { ids })
      .getRawMany<{ taskId: Val; kind: string | null }>();
    for (const r of rows) {
      const list = out.get(Number(r.taskId));
      if (list) list.push({ kind: r.kind });
      else out.set(Number(r.taskId), [{ kind: r.kind }]);
    }
    return out;
  }

  private async lineContext(orgId: number, taskIds: number[]): Promise<LineContext> {
    const people = await this.db.getRepository(Person).find({ where: { orgId, active: true }, select: { id: true, roles: true } });
    return { today: this.today(), evidence: await this.attachedEvidence(taskIds), presidium: people.some((p) => p.roles.includes('presidium')) };
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
    const ctx = await this.lineContext(
      msg.orgId,
      rows.map((r) => r.taskId),
    );
    const lines = rows.map((i) => this.line(i.task!, i.line, i.stage, i.role === 'unitHead' ? 'unitHead' : 'owner', ctx));
    return renderDigest({ name: person.name, lines, catchUp: items.some((i) => i.catchUp), boardUrl: this.boardUrl() });
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
    const ctx = await this.lineContext(msg.orgId, [...byTask.keys()]);
    const escalated = [...byTask.values()].map((i) => this.line(i.task!, i.line, i.stage, 'presidium', ctx));
    const newlyOverdue = await this.lines(fresh, () => 'overdue', ctx);
    return renderPresidiumAlert({ name: person.name, day: data.day ?? '', newlyOverdue, escalated, boardUrl: this.boardUrl() });
  }

  private messageIdHeader(id: number): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.smtp.from)?.[1] ?? 'ducha.local';
    return `<ducha.notification.${id}@${domain}>`;
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
