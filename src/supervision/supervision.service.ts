import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DeliveryService } from '../notifications/delivery.service.js';
import { Notification, NotificationMessage } from '../notifications/notification.entity.js';
import { sweepJobId } from '../jobs/catalogue.js';
import { JobHost } from '../jobs/job-host.js';
import { Metrics } from '../metrics/metrics.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { localDateTime, localDay, type WorkingCalendar } from '../schedule/index.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { mergePolicy, notificationsDue, presidiumAlertAt, timelineMemo, type RecipientRole, type SupervisionPolicy, type TimelineMemo } from './policy.js';
import { countNewlyOverdue } from './newly-overdue.js';
import { OrgPolicy, SupervisionWatermark } from './supervision.entities.js';
import { SweepRepository, type SweepTask } from './sweep.repository.js';

export interface SweepResult {
  at: string;
  tasks: number;
  notifications: number;
  messages: number;
}

interface OrgContext {
  tz: string;
  policy: SupervisionPolicy;
  presidium: number[];
}

/**
 * The sweep: from the database and an instant, record what is due in the ledger, group it into one
 * message per person (and one daily alert per presidium member), and enqueue their delivery.
 * Everything is keyed, so running it twice for an instant, or on two instances, records and sends once.
 */
@Injectable()
export class SupervisionService {
  private readonly logger = new Logger(SupervisionService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly delivery: DeliveryService,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    private readonly jobs: JobHost,
    private readonly metrics: Metrics,
    private readonly sweepRows: SweepRepository,
  ) {
    // One sweep at a time per worker process; several processes are kept apart by job ids and ledger keys.
    jobs.handle('sweep', SupervisionService.name, (data) => this.runSweep(new Date(data.at)));
  }

  /** The tick's only work: enqueue the sweep of the current time bucket (once across instances). */
  async enqueueSweep(now = this.clock.now()): Promise<string> {
    const bucketMs = this.config.supervision.tickSeconds * 1000;
    const bucket = Math.floor(now.getTime() / bucketMs) * bucketMs;
    const jobId = sweepJobId(bucket);
    await this.jobs.add('sweep', { at: new Date(bucket).toISOString() }, jobId);
    return jobId;
  }

  /** Resolves when no sweep or delivery job is waiting, running or delayed (retry backoff). For tests and the simulation. */
  async waitForIdle(timeoutMs = 30_000, pollMs = 20): Promise<void> {
    await this.jobs.waitForIdle(['sweep', 'deliver'], timeoutMs, pollMs);
  }

  /** The effective policy of an org: config, overridden by its org_policy row. */
  async policyFor(orgId: number): Promise<SupervisionPolicy> {
    const row = await this.db.getRepository(OrgPolicy).findOneBy({ orgId });
    return mergePolicy(this.config.supervision.policy, row?.policy);
  }

  async setOrgPolicy(orgId: number, policy: Partial<SupervisionPolicy>): Promise<SupervisionPolicy> {
    await this.db.getRepository(OrgPolicy).save({ orgId, policy, updatedAt: this.clock.now() });
    // Every unfinished task of the org is looked at again under the new policy.
    await this.db
      .getRepository(Task)
      .createQueryBuilder()
      .update()
      .set({ nextNotifyAt: 0 })
      .where('org_id = :orgId AND status IN (:...s)', { orgId, s: UNFINISHED_STATUSES })
      .callListeners(false)
      .execute();
    return this.policyFor(orgId);
  }

  /**
   * One sweep at instant `now` (the simulation calls this at each simulated instant; the queue
   * calls it with the job's bucket). Idempotent for a given instant.
   */
  async runSweep(now: Date): Promise<SweepResult> {
    // Idempotent, so a write conflict with another instance (SQLite busy, PostgreSQL serialization) is simply retried.
    const stop = this.metrics.sweepDuration.startTimer();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.sweepOnce(now);
        stop();
        return result;
      } catch (e) {
        if (attempt >= 5 || !/database is locked|SQLITE_BUSY|deadlock|could not serialize/i.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 25 * attempt));
      }
    }
  }

  private async sweepOnce(now: Date): Promise<SweepResult> {
    const result: SweepResult = { at: now.toISOString(), tasks: 0, notifications: 0, messages: 0 };
    const watermark = await this.db.getRepository(SupervisionWatermark).findOneBy({ name: 'sweep' });
    const horizonMs = this.config.supervision.catchUpHorizonHours * 3600_000;
    // Only a real gap since the previous sweep is downtime: stages long past because a plan was entered late are not "补发".
    const downtime = !!watermark && now.getTime() - watermark.at.getTime() > horizonMs;
    if (downtime) this.logger.log(`补课：上次巡查在 ${localDateTime(watermark.at, this.config.timeZone)}，补发期间到期的提醒（合并为一封）`);
    const orgs = new Map<number, OrgContext>();
    const heads = new Map<number, number | null>();
    const seen = new Set<number>();
    const memo = timelineMemo();
    for (;;) {
      const page = await this.sweepRows.duePage(now.getTime(), this.config.supervision.pageSize);
      const fresh = page.filter((t) => !seen.has(t.id));
      if (!fresh.length) break;
      for (const t of fresh) seen.add(t.id);
      result.tasks += fresh.length;
      result.notifications += await this.sweepTasks(fresh, now, downtime ? horizonMs : null, orgs, heads, memo);
    }
    // Each committed chunk of digests is enqueued at once: delivery starts while the rest are made.
    const enqueued = new Set<number>();
    result.messages += await this.sweepRows.makeDigests(now.getTime(), async (made) => {
      await this.delivery.enqueue(made);
      for (const m of made) enqueued.add(m.id);
    });
    result.messages += await this.makePresidiumAlerts(now, watermark?.at ?? null, horizonMs);
    await this.delivery.enqueuePending(enqueued);
    await this.advanceWatermark('sweep', now);
    if (result.notifications || result.messages)
      this.logger.log(`巡查 ${result.at}：${result.tasks} 个任务，${result.notifications} 条提醒记录，${result.messages} 封消息`);
    return result;
  }

  private async orgContext(orgId: number, cache: Map<number, OrgContext>): Promise<OrgContext> {
    let ctx = cache.get(orgId);
    if (!ctx) {
      const org = await this.db.getRepository(Org).findOneBy({ id: orgId });
      const people = await this.db.getRepository(Person).find({ where: { orgId, active: true }, select: { id: true, roles: true } });
      ctx = {
        tz: org?.timeZone ?? this.config.timeZone,
        policy: await this.policyFor(orgId),
        presidium: people.filter((p) => p.roles.includes('presidium')).map((p) => p.id),
      };
      cache.set(orgId, ctx);
    }
    return ctx;
  }

  private async sweepTasks(
    tasks: SweepTask[],
    now: Date,
    /** Set after downtime: stages older than this are marked catch-up. */
    catchUpHorizonMs: number | null,
    orgs: Map<number, OrgContext>,
    heads: Map<number, number | null>,
    memo: TimelineMemo,
  ): Promise<number> {
    const unitIds = [...new Set(tasks.map((t) => t.unitId).filter((u): u is number => u != null && !heads.has(u)))];
    if (unitIds.length) for (const u of await this.db.getRepository(Unit).findBy({ id: In(unitIds) })) heads.set(u.id, u.headId);
    const rows: Array<Partial<Notification>> = [];
    const updates: Array<{ task: SweepTask; next: number | null; level: number }> = [];
    for (const task of tasks) {
      const ctx = await this.orgContext(task.orgId, orgs);
      const { due, next } = notificationsDue(task, now, this.calendar, ctx.policy, ctx.tz, memo);
      const recipients = (role: RecipientRole): number[] =>
        role === 'owner'
          ? task.ownerId
            ? [task.ownerId]
            : []
          : role === 'unitHead'
            ? task.unitId && heads.get(task.unitId)
              ? [heads.get(task.unitId)!]
              : []
            : ctx.presidium;
      // Per recipient only the latest due stage is sent; earlier ones not yet recorded are superseded
      // (after downtime, a week of reminders becomes one line in one catch-up digest).
      const latest = new Map<number, number>();
      for (const s of due) for (const role of s.roles) for (const r of recipients(role)) latest.set(r, Math.max(latest.get(r) ?? -1, s.rank));
      for (const s of due) {
        for (const role of s.roles) {
          for (const r of recipients(role)) {
            const current = latest.get(r) === s.rank;
            rows.push({
              key: `${task.id}:${s.stage}:${task.dueAt.getTime()}:${r}`,
              orgId: task.orgId,
              taskId: task.id,
              stage: s.stage,
              dueBasis: task.dueAt,
              recipientId: r,
              role,
              level: s.level,
              dueAt: s.at,
              status: current ? 'pending' : 'skipped',
              reason: current ? null : '已被后续提醒取代',
              messageId: null,
              catchUp: current && catchUpHorizonMs !== null && now.getTime() - s.at.getTime() > catchUpHorizonMs,
              createdAt: now,
              updatedAt: now,
            });
          }
        }
      }
      const level = due.reduce((m, s) => Math.max(m, s.level), 0);
      updates.push({ task, next: next ? next.getTime() : null, level });
    }
    await this.db.transaction(async (m) => {
      await this.sweepRows.insertLedgerRows(m, rows);
      await this.sweepRows.markSwept(m, updates);
    });
    return rows.filter((r) => r.status === 'pending').length;
  }

  /**
   * Creates (or finds) the message under its unique key and moves the recipient's unassigned pending
   * rows into it. A message that got no rows is dropped: an empty digest is never sent.
   */
  private async claim(
    key: string,
    kind: 'digest' | 'presidium-daily',
    orgId: number,
    recipientId: number,
    data: Record<string, unknown> | null,
    now: Date,
    filter: (qb: ReturnType<typeof this.itemUpdate>) => ReturnType<typeof this.itemUpdate>,
    allowEmpty = false,
  ): Promise<number | null> {
    return this.db.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(NotificationMessage)
        .values({
          key,
          kind,
          orgId,
          recipientId,
          channel: null,
          status: 'pending',
          attempts: 0,
          retries: 0,
          lastError: null,
          subject: null,
          data: data as never,
          sentAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute();
      const msg = await m.getRepository(NotificationMessage).findOneByOrFail({ key });
      if (msg.status !== 'pending') return null;
      const moved = await filter(this.itemUpdate(m, msg.id, recipientId, kind === 'digest' ? undefined : orgId)).execute();
      const has = (moved.affected ?? 0) > 0 || (await m.getRepository(Notification).existsBy({ messageId: msg.id }));
      if (!has && !allowEmpty) {
        await m.getRepository(NotificationMessage).delete({ id: msg.id, status: 'pending' });
        return null;
      }
      return msg.id;
    });
  }

  private itemUpdate(m: EntityManager, messageId: number, recipientId: number, orgId?: number) {
    const qb = m
      .createQueryBuilder()
      .update(Notification)
      .set({ messageId })
      .where("recipient_id = :r AND status = 'pending' AND message_id IS NULL", { r: recipientId });
    return orgId === undefined ? qb : qb.andWhere('org_id = :o', { o: orgId });
  }

  /**
   * The presidium's daily alert, at the configured time on working days: tasks that became overdue
   * since the previous alert, and the escalations addressed to the presidium. Nothing to say, no message.
   */
  private async makePresidiumAlerts(now: Date, lastSweep: Date | null, horizonMs: number): Promise<number> {
    let made = 0;
    for (const org of await this.db.getRepository(Org).find()) {
      const ctx = await this.orgContext(org.id, new Map());
      if (!ctx.presidium.length) continue;
      const day = localDay(now, ctx.tz);
      if (!ctx.policy.sendOnNonWorkingDays && !this.calendar.isWorkingDay(day)) continue;
      const alertAt = presidiumAlertAt(day, ctx.tz, ctx.policy);
      if (now < alertAt) continue;
      const name = `presidium:${org.id}`;
      const mark = await this.db.getRepository(SupervisionWatermark).findOneBy({ name });
      if (mark && mark.at.getTime() >= alertAt.getTime()) continue;
      // Newly overdue: due since the previous alert (or the horizon on a first run / after long downtime).
      const since = Math.max(mark?.at.getTime() ?? 0, (lastSweep?.getTime() ?? now.getTime()) - horizonMs, now.getTime() - horizonMs - 86_400_000);
      // Counted in SQL, never loaded here: delivery lists the first lines of the same window, live.
      const window = { orgId: org.id, since, until: now.getTime(), day };
      const newlyOverdue = await countNewlyOverdue(this.db, window);
      for (const p of ctx.presidium) {
        const escalations = await this.db.getRepository(Notification).existsBy({ recipientId: p, orgId: org.id, status: 'pending', messageId: IsNull() });
        if (!newlyOverdue && !escalations) continue;
        const id = await this.claim(
          `presidium:${p}:${day}`,
          'presidium-daily',
          org.id,
          p,
          { day, since: window.since, until: window.until, newlyOverdue },
          now,
          (qb) => qb,
          newlyOverdue > 0,
        );
        if (id) made++;
      }
      await this.advanceWatermark(name, alertAt);
    }
    return made;
  }

  private async advanceWatermark(name: string, at: Date): Promise<void> {
    const repo = this.db.getRepository(SupervisionWatermark);
    await repo.createQueryBuilder().insert().into(SupervisionWatermark).values({ name, at }).orIgnore().execute();
    await repo.createQueryBuilder().update().set({ at }).where('name = :name AND at < :at', { name, at: at.getTime() }).execute();
  }

  /** Counts for the API and the simulation. */
  async stats(): Promise<Record<string, number>> {
    const rows = await this.db
      .getRepository(NotificationMessage)
      .createQueryBuilder('m')
      .select('m.status', 's')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany<{ s: string; n: string }>();
    return Object.fromEntries(rows.map((r) => [r.s, Number(r.n)]));
  }
}
