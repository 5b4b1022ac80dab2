import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { forbidden, notFound } from '../common/errors.js';
import { assertTask, canReadTask, FORBIDDEN, type Actor } from '../auth/access.js';
import { EvidenceService, type EvidenceSummary } from '../evidence/evidence.service.js';
import { Org } from '../people/org.entity.js';
import type { EvidenceRequirement } from '../plans/plan-item.entity.js';
import { ExtensionRequest } from './extension-request.entity.js';
import { lightBounds, lightCondition, lightFromBounds, lightParams, type LightBounds } from './light-sql.js';
import { selectTaskRows, toTaskRow, type TaskRow } from './task-rows.js';
import { readableTasks, type Dialect } from './task-visibility.js';
import type { WorkingCalendar } from '../schedule/index.js';
import type { ListTasksQuery } from './dto/tasks.dto.js';
import { daysOverdue, isOverdue, type Light } from './task-light.js';
import { Task, UNFINISHED_STATUSES } from './task.entity.js';

export type TaskView = Task & { overdue: boolean; daysOverdue: number; light: Light };
export type TaskRowView = TaskRow & { overdue: boolean; daysOverdue: number; light: Light };
export type TaskDetail = TaskRowView & {
  sourceQuote: string | null;
  timeText: string | null;
  evidenceRequirements: EvidenceRequirement[];
  evidence: EvidenceSummary;
  history: Array<AuditEvent & { actorName: string | null }>;
  /** The last 退回 comment while the task is returned. */
  returnComment: string | null;
  pendingExtension: ExtensionRequest | null;
};

/** What the task queries filter on (the list's query with owner resolved from "me"). */
export type TaskFilters = Omit<ListTasksQuery, 'owner' | 'page' | 'pageSize'> & { owner?: number };

/** Extra raw columns a caller selected with an alias starting with "x_" (kept, without the prefix). */
function pickExtra(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('x_')) out[k.slice(2)] = v;
  return out;
}

export const parseJson = <T>(v: unknown): T | null => (v == null ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** [first day, last day] of a "YYYY-MM" month or "YYYY-Qn" quarter. */
export function periodDays(month?: string, quarter?: string): [string, string] | null {
  if (month) {
    const [y, m] = month.split('-').map(Number);
    return [`${month}-01`, lastDay(y, m)];
  }
  if (quarter) {
    const y = Number(quarter.slice(0, 4));
    const q = Number(quarter.slice(-1));
    return [`${y}-${String(q * 3 - 2).padStart(2, '0')}-01`, lastDay(y, q * 3)];
  }
  return null;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    private readonly evidence: EvidenceService,
  ) {}

  /**
   * Filtered, paged task list with the item title and owner/unit names; every filter maps to an
   * indexed column. With an actor, only what they may see (access.canReadTask, in the SQL).
   */
  async list(q: ListTasksQuery, actor?: Actor): Promise<Page<TaskRowView>> {
    const owner = q.owner === 'me' ? (actor?.id ?? -1) : q.owner;
    if (actor && q.org && q.org !== actor.orgId) throw forbidden(FORBIDDEN.org);
    const zone = actor ? await this.orgZone(actor.orgId) : undefined;
    const vis = actor ? readableTasks(actor, this.dialect, { ownerOnly: owner === actor.id }) : undefined;
    return this.pageOf(
      () => {
        const qb = this.db.createQueryBuilder().from('task', 't');
        this.applyFilters(qb, { ...q, owner }, zone ?? this.config.timeZone);
        if (vis) qb.andWhere(vis.sql, vis.params);
        return qb;
      },
      { page: q.page, pageSize: q.pageSize, zone, narrow: vis?.narrow },
    );
  }

  /**
   * One page of task rows (with names and derived fields) of the query `build` makes, ordered by
   * `order` (due first by default), and its total — counted only when the page does not tell it.
   */
  async pageOf(
    build: () => SelectQueryBuilder<ObjectLiteral>,
    opts: {
      page?: number;
      pageSize?: number;
      zone?: string;
      order?: 'due' | 'submitted';
      /** See SqlCondition.narrow. */
      narrow?: boolean;
      extra?: (qb: SelectQueryBuilder<ObjectLiteral>) => void;
    },
  ): Promise<Page<TaskRowView>> {
    const page = opts.page ?? 1;
    const pageSize = opts.pageSize ?? 50;
    const qb = selectTaskRows(build());
    opts.extra?.(qb);
    if (opts.order === 'submitted') qb.orderBy('t.submitted_at', 'ASC');
    else qb.orderBy(opts.narrow ? 't.due_at + 0' : 't.due_at', 'ASC');
    const rows = await qb
      .addOrderBy('t.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const total = rows.length < pageSize && (page === 1 || rows.length > 0) ? (page - 1) * pageSize + rows.length : await this.count(build());
    const views = await this.views(rows.map(toTaskRow), opts.zone);
    return { items: views.map((v, i) => Object.assign(v, pickExtra(rows[i]))), total, page, pageSize };
  }

  /** COUNT(*) of a filtered task query (TypeORM's getCount adds a DISTINCT over the primary key). */
  async count(qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
    const r = await qb.select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    return Number(r?.n ?? 0);
  }

  get dialect(): Dialect {
    return this.config.isPostgres ? 'postgres' : 'sqlite';
  }

  async orgZone(orgId: number): Promise<string> {
    const r = await this.db.createQueryBuilder().select('o.time_zone', 'tz').from('org', 'o').where('o.id = :id', { id: orgId }).getRawOne<{ tz: string }>();
    return r?.tz ?? this.config.timeZone;
  }

  lightBounds(zone: string): LightBounds {
    return lightBounds(this.clock.now(), zone, this.calendar, this.config.tasks.yellowWorkingDays);
  }

  applyFilters(qb: SelectQueryBuilder<ObjectLiteral>, q: TaskFilters, zone: string): void {
    const now = this.clock.now().getTime();
    if (q.owner) qb.andWhere('t.owner_id = :owner', { owner: q.owner });
    if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
    if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
    if (q.org) qb.andWhere('t.org_id = :org', { org: q.org });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.overdue === true) qb.andWhere('t.status IN (:...unfinished) AND t.due_at < :now', { unfinished: UNFINISHED_STATUSES, now });
    if (q.overdue === false) qb.andWhere('NOT (t.status IN (:...unfinished) AND t.due_at < :now)', { unfinished: UNFINISHED_STATUSES, now });
    if (q.light) qb.andWhere(lightCondition(q.light), lightParams(this.lightBounds(zone)));
    const days = periodDays(q.month, q.quarter);
    if (days) qb.andWhere('t.start_day <= :last AND t.due_day >= :first', { first: days[0], last: days[1] });
  }

  async get(id: number): Promise<TaskView> {
    const task = await this.db.getRepository(Task).findOneBy({ id });
    if (!task) throw notFound('任务', id);
    return (await this.views([task]))[0];
  }

  /**
   * Task detail for the task page: the row with names, the item's quote, time phrase and expected
   * evidence, the org's zone (one joined query); then evidence with files, history with names, and
   * the open extension request — four queries in all.
   */
  async detail(id: number, actor?: Actor): Promise<TaskDetail> {
    const raw = await selectTaskRows(this.db.createQueryBuilder().from('task', 't'))
      .addSelect('ti.source_quote', 'sourceQuote')
      .addSelect('ti.time_text', 'timeText')
      .addSelect('ti.evidence_requirements', 'evidenceRequirements')
      .addSelect('ti.co_unit_ids', 'coUnitIds')
      .addSelect('torg.time_zone', 'timeZone')
      .leftJoin('org', 'torg', 'torg.id = t.org_id')
      .where('t.id = :id', { id })
      .getRawOne<Record<string, unknown>>();
    if (!raw) throw notFound('任务', id);
    const row = toTaskRow(raw);
    const requirements = parseJson<EvidenceRequirement[]>(raw.evidenceRequirements) ?? [];
    const coUnitIds = parseJson<number[]>(raw.coUnitIds) ?? [];
    if (actor) assertTask(canReadTask, actor, { orgId: row.orgId, ownerId: row.ownerId, unitId: row.unitId, coUnitIds }, FORBIDDEN.read);
    const zone = (raw.timeZone as string | null) ?? this.config.timeZone;
    const [view] = await this.views([row], zone);
    const [evidence, history, pending] = await Promise.all([
      this.evidence.summary(row, { evidenceRequirements: requirements }),
      this.history(id),
      this.db.getRepository(ExtensionRequest).findOne({ where: { taskId: id, status: 'pending' }, order: { id: 'DESC' } }),
    ]);
    const lastReturn = row.status === 'returned' ? [...history].reverse().find((e) => e.action === 'returned') : undefined;
    return {
      ...view,
      sourceQuote: (raw.sourceQuote as string | null) ?? null,
      timeText: (raw.timeText as string | null) ?? null,
      evidenceRequirements: requirements,
      evidence,
      history,
      returnComment: lastReturn?.reason ?? null,
      pendingExtension: pending ?? null,
    };
  }

  /** A task's audit events, oldest first, each with the actor's name ('系统' for the system), in one query. */
  private async history(taskId: number): Promise<Array<AuditEvent & { actorName: string | null }>> {
    const rows = await this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .leftJoin('person', 'p', 'p.id = e.actor_id')
      .addSelect('p.name', 'actorName')
      .where('e.task_id = :taskId', { taskId })
      .orderBy('e.at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((e, i) => ({ ...e, actorName: e.actorId == null ? '系统' : ((rows.raw[i] as { actorName?: string }).actorName ?? null) }));
  }

  /** Moves tasks whose window has opened from scheduled to open, with an audit event each. */
  async openDueWindows(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const due = await m
        .getRepository(Task)
        .createQueryBuilder('t')
        .select(['t.id', 't.orgId'])
        .where('t.status = :s AND t.window_start <= :now', { s: 'scheduled', now: now.getTime() })
        .getMany();
      if (!due.length) return 0;
      for (let i = 0; i < due.length; i += 500) {
        const ids = due.slice(i, i + 500).map((t) => t.id);
        await m
          .createQueryBuilder()
          .update(Task)
          .set({ status: 'open', updatedAt: now })
          .where('id IN (:...ids) AND status = :s', { ids, s: 'scheduled' })
          .execute();
      }
      await this.audit.record(
        due.map((t) => ({
          entityType: 'task',
          entityId: t.id,
          taskId: t.id,
          orgId: t.orgId,
          action: 'window_opened',
          fromStatus: 'scheduled',
          toStatus: 'open',
        })),
        m,
      );
      return due.length;
    });
  }

  /**
   * Adds the derived fields (overdue, days overdue, light) in the org's zone. The light comes from
   * one working-day bound per zone (light-sql.ts; the spec proves it equals taskLight), not a
   * working-day count per task, which cost milliseconds per page.
   */
  async views<T extends Task>(tasks: T[], zone?: string): Promise<Array<T & { overdue: boolean; daysOverdue: number; light: Light }>> {
    const now = this.clock.now();
    const zones = new Map<number, string>();
    const orgIds = zone ? [] : [...new Set(tasks.map((t) => t.orgId))];
    if (orgIds.length) for (const o of await this.db.getRepository(Org).findBy({ id: In(orgIds) })) zones.set(o.id, o.timeZone);
    const bounds = new Map<string, LightBounds>();
    return tasks.map((t) => {
      const tz = zone ?? zones.get(t.orgId) ?? this.config.timeZone;
      let b = bounds.get(tz);
      if (!b) bounds.set(tz, (b = this.lightBounds(tz)));
      return {
        ...t,
        overdue: isOverdue(t, now),
        daysOverdue: daysOverdue(t, now, tz),
        light: lightFromBounds({ status: t.status, dueAt: t.dueAt.getTime(), dueDay: t.dueDay }, b),
      };
    });
  }
}
