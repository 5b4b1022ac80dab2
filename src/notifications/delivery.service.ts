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
import { daysOverdue } from '../tasks/task-light.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { ChannelService, channelFor, PermanentDeliveryError } from './channels.js';
import { Notification, NotificationMessage, type MessageStatus } from './notification.entity.js';
import { bullConnection, DELIVER_QUEUE, deliverJobId, deliverJobOptions, makeQueue, type DeliverJob } from './queues.js';
import { renderDigest, renderPresidiumAlert, type AlertLine, type DigestLine, type Rendered } from './templates.js';

export type DeliveryOutcome = 'sent' | 'skipped';

const ENQUEUE_CHUNK = 500;

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
    for (let after = 0; ; ) {
      const page = await repo.createQueryBuilder('m').select(['m.id', 'm.retries']).where('m.status = :s AND m.id > :after', { s: 'pending', after }).orderBy('m.id', 'ASC').take(1000).getMany();
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
      await Promise.all(messages.slice(i, i + ENQUEUE_CHUNK).map((m) => this.queue.add('deliver', { messageId: m.id }, { ...opts, jobId: deliverJobId(m.id, m.retries) })));
    }
  }

  private async process(job: Job<DeliverJob>): Promise<DeliveryOutcome> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliver(job.data.messageId, last);
  }

  /** Sends one message if it is still pending and still has something to say. */
  async deliver(messageId: number, lastAttempt = true): Promise<DeliveryOutcome> {
    const repo = this.db.getRepository(NotificationMessage);
    const msg = await repo.findOneBy({ id: messageId });
    if (!msg || msg.status !== 'pending') return 'skipped';
    const person = await this.db.getRepository(Person).findOneBy({ id: msg.recipientId });
    if (!person || !person.active) {
      await this.finish(msg, 'skipped', '收件人不存在或已停用');
      return 'skipped';
    }
    const rendered = msg.kind === 'digest' ? await this.digest(msg, person) : await this.presidiumAlert(msg, person);
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
      await repo.update({ id: msg.id }, { attempts: msg.attempts + 1, lastError: error.slice(0, 2000), channel, subject: rendered.subject, updatedAt: this.clock.now() });
      if (permanent || lastAttempt) {
        await this.finish(msg, 'failed', error.slice(0, 200));
        this.logger.warn(`通知 ${msg.id} 发送失败（${channel}）：${error}`);
      }
      if (permanent) throw new UnrecoverableError(error);
      throw e;
    }
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.getRepository(NotificationMessage).update({ id: msg.id }, { status: 'sent', attempts: msg.attempts + 1, channel, subject: rendered.subject, sentAt: now, lastError: null, updatedAt: now });
      await m.getRepository(Notification).update({ messageId: msg.id, status: 'pending' }, { status: 'sent', updatedAt: now });
    });
    return 'sent';
  }

  private messageIdHeader(id: number): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.smtp.from)?.[1] ?? 'ducha.local';
    return `<ducha.notification.${id}@${domain}>`;
  }

  private async finish(msg: NotificationMessage, status: MessageStatus, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.getRepository(NotificationMessage).update({ id: msg.id }, { status, ...(status === 'failed' ? {} : { lastError: reason }), updatedAt: now });
      await m.getRepository(Notification).update({ messageId: msg.id, status: 'pending' }, { status: status === 'failed' ? 'failed' : 'skipped', reason, updatedAt: now });
    });
  }

  /** Re-checks each row against its task now; rows no longer worth sending are skipped with the reason. Rows and tasks in one query. */
  private async liveItems(msg: NotificationMessage): Promise<{ items: Notification[]; tasks: Map<number, Task> }> {
    const rows = (await this.db.getRepository(Notification).createQueryBuilder('n').leftJoinAndMapOne('n.task', Task, 't', 't.id = n.task_id')
      .where("n.message_id = :id AND n.status = 'pending'", { id: msg.id }).orderBy('n.id', 'ASC').getMany()) as Array<Notification & { task?: Task | null }>;
    const tasks = new Map<number, Task>();
    for (const r of rows) {
      if (r.task) tasks.set(r.task.id, r.task);
      delete r.task;
    }
    const live: Notification[] = [];
    const now = this.clock.now();
    for (const item of rows) {
      const task = tasks.get(item.taskId);
      const reason = !task ? '任务已删除' : !UNFINISHED_STATUSES.includes(task.status) ? `任务已${task.status}` : task.dueAt.getTime() !== item.dueBasis.getTime() ? '截止时间已调整' : null;
      if (reason) await this.db.getRepository(Notification).update({ id: item.id, status: 'pending' }, { status: 'skipped', reason, updatedAt: now });
      else live.push(item);
    }
    return { items: live, tasks };
  }

  private async tasksById(ids: number[]): Promise<Map<number, Task>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await this.db.getRepository(Task).findBy({ id: In(unique) }) : [];
    return new Map(rows.map((t) => [t.id, t]));
  }

  /** The lines of a message: each task with its item, owner, unit and org's zone, looked up in one query. */
  private async lines(tasks: Task[], stageOf: (t: Task) => string): Promise<AlertLine[]> {
    if (!tasks.length) return [];
    const ids = [...new Set(tasks.map((t) => t.id))];
    const raw = await this.db.createQueryBuilder().from(Task, 't')
      .select('t.id', 'id').addSelect('pi.title', 'title').addSelect('pi.evidence_requirements', 'evidence').addSelect('p.name', 'owner').addSelect('u.name', 'unit').addSelect('o.time_zone', 'tz')
      .leftJoin(PlanItem, 'pi', 'pi.id = t.item_id').leftJoin(Person, 'p', 'p.id = t.owner_id').leftJoin(Unit, 'u', 'u.id = t.unit_id').leftJoin(Org, 'o', 'o.id = t.org_id')
      .where('t.id IN (:...ids)', { ids }).getRawMany<{ id: number | string; title: string | null; evidence: string | null; owner: string | null; unit: string | null; tz: string | null }>();
    const byId = new Map(raw.map((r) => [Number(r.id), r]));
    const now = this.clock.now();
    return tasks.map((t) => {
      const r = byId.get(t.id);
      const item = r?.title != null ? { evidenceRequirements: r.evidence ? (JSON.parse(r.evidence) as PlanItem['evidenceRequirements']) : [] } : undefined;
      return {
        taskId: t.id,
        title: r?.title ?? t.label,
        label: t.label,
        dueDay: t.dueDay,
        stage: stageOf(t),
        level: t.escalationLevel,
        daysOverdue: daysOverdue(t, now, r?.tz ?? this.config.timeZone),
        unitName: t.unitId ? (r?.unit ?? null) : null,
        ownerName: t.ownerId ? (r?.owner ?? null) : null,
        missingEvidence: missingEvidence(item),
      };
    });
  }

  private async digest(msg: NotificationMessage, person: Person): Promise<Rendered | null> {
    const { items, tasks } = await this.liveItems(msg);
    if (!items.length) return null;
    // One line per task: its latest stage.
    const latest = new Map<number, Notification>();
    for (const i of items) if (!latest.has(i.taskId) || latest.get(i.taskId)!.dueAt <= i.dueAt) latest.set(i.taskId, i);
    const ts = [...latest.keys()].map((id) => tasks.get(id)!).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
    const lines: DigestLine[] = await this.lines(ts, (t) => latest.get(t.id)!.stage);
    return renderDigest(person.name, lines, { catchUp: items.some((i) => i.catchUp), link: this.config.notifications.publicUrl });
  }

  private async presidiumAlert(msg: NotificationMessage, person: Person): Promise<Rendered | null> {
    const { items, tasks } = await this.liveItems(msg);
    const data = (msg.data ?? {}) as { day?: string; newlyOverdue?: number[] };
    const escalatedIds = new Set(items.map((i) => i.taskId));
    const fresh = [...(await this.tasksById(data.newlyOverdue ?? [])).values()].filter((t) => UNFINISHED_STATUSES.includes(t.status) && !escalatedIds.has(t.id));
    const escalated = [...escalatedIds].map((id) => tasks.get(id)!);
    if (!fresh.length && !escalated.length) return null;
    const stage = new Map(items.map((i) => [i.taskId, i.stage]));
    return renderPresidiumAlert(person.name, data.day ?? '', await this.lines(fresh, () => 'overdue'), await this.lines(escalated, (t) => stage.get(t.id) ?? 'escalate-2'), this.config.notifications.publicUrl);
  }

  /** Messages by status, newest first, with their ledger rows. */
  async list(status: MessageStatus | undefined, page = 1, pageSize = 50): Promise<{ items: Array<NotificationMessage & { notifications: Notification[] }>; total: number; page: number; pageSize: number }> {
    const [rows, total] = await this.db.getRepository(NotificationMessage).findAndCount({ where: status ? { status } : {}, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
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
