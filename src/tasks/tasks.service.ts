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
import { daysOverdueFromBounds, lightBounds, lightCondition, lightFromBounds, lightParams, UNFINISHED_SQL, type LightBounds } from './light-sql.js';
import { selectTaskRows, TASK_ROW_JOINS, TASK_ROW_SELECT, toTaskRow, toTaskRowFromValues, type TaskRow } from './task-rows.js';
import { readableTasks, type Dialect, type SqlCondition } from './task-visibility.js';
import { rowReader, type RowReader } from '../database/raw-rows.js';
import { directReads, type DirectReads } from '../database/direct-reads.js';
import { endOfDay, startOfDay, type WorkingCalendar } from '../schedule/index.js';
import type { ListTasksQuery } from './dto/tasks.dto.js';
import { isOverdue, type Light } from './task-light.js';
import { Task, UNFINISHED_STATUSES } from './task.entity.js';

const UNFINISHED = new Set<string>(UNFINISHED_STATUSES);

/** The task detail's first statement: the row with names, the item's quote, time phrase, evidence and co-units, the org's zone. */
const DETAIL_SQL =
  `SELECT ${TASK_ROW_SELECT}, ti.source_quote AS "sourceQuote", ti.time_text AS "timeText", ti.evidence_requirements AS "evidenceRequirements", ` +
  `ti.co_unit_ids AS "coUnitIds", torg.time_zone AS "timeZone" FROM task t ${TASK_ROW_JOINS} LEFT JOIN org torg ON torg.id = t.org_id WHERE t.id = :id`;

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

  /** The detail's readers and statements, made once (one string each: its translation is then a lookup of a string whose hash V8 keeps). */
  private readersOnce?: { audit: RowReader<AuditEvent>; extension: RowReader<ExtensionRequest>; historySql: string; pendingSql: string };
  private get readers(): { audit: RowReader<AuditEvent>; extension: RowReader<ExtensionRequest>; historySql: string; pendingSql: string } {
    if (this.readersOnce) return this.readersOnce;
    const audit = rowReader(this.db, AuditEvent);
    const extension = rowReader(this.db, ExtensionRequest);
    return (this.readersOnce = {
      audit,
      extension,
      historySql:
        `SELECT ${audit.select('e')}, p.name AS "actorName" FROM audit_event e LEFT JOIN person p ON p.id = e.actor_id ` +
        'WHERE e.task_id = :taskId ORDER BY e.at ASC, e.id ASC',
      pendingSql: `SELECT ${extension.select('x')} FROM extension_request x WHERE x.task_id = :taskId AND x.status = 'pending' ORDER BY x.id DESC LIMIT 1`,
    });
  }

  /**
   * Filtered, paged task list with the item title and owner/unit names; every filter maps to an
   * indexed column. With an actor, only what they may see (access.canReadTask, in the SQL).
   */
  async list(q: ListTasksQuery, actor?: Actor): Promise<Page<TaskRowView>> {
    const owner = q.owner === 'me' ? (actor?.id ?? -1) : q.owner;
    if (actor && q.org && q.org !== actor.orgId) throw forbidden(FORBIDDEN.org);
    const zone = actor ? await this.zoneOf(actor) : undefined;
    const where = this.filterConditions({ ...q, owner }, zone ?? this.config.timeZone);
    const vis = actor ? readableTasks(actor, this.dialect, { ownerOnly: owner === actor.id }) : undefined;
    if (vis) where.push(vis);
    return this.rawPage(where, { page: q.page, pageSize: q.pageSize, zone, narrow: vis?.narrow });
  }

  /**
   * pageOf for conditions written as SQL text: the statement is hand-written (TASK_ROW_SELECT) and
   * runs as one positional statement per shape, without a query builder — the list route spent more
   * in TypeORM building and escaping its two queries than SQLite did answering them (#14).
   */
  private async rawPage(where: SqlCondition[], opts: { page?: number; pageSize?: number; zone?: string; narrow?: boolean }): Promise<Page<TaskRowView>> {
    const page = opts.page ?? 1;
    const pageSize = opts.pageSize ?? 50;
    const cond = where.length ? where.map((c) => `(${c.sql})`).join(' AND ') : '1 = 1';
    const params: Record<string, unknown> = Object.assign({}, ...where.map((c) => c.params));
    const order = opts.narrow ? 't.due_at + 0' : 't.due_at';
    const rows = await this.reads.arrays(
      `SELECT ${TASK_ROW_SELECT} FROM task t ${TASK_ROW_JOINS} WHERE ${cond} ORDER BY ${order} ASC, t.id ASC LIMIT :pageLimit OFFSET :pageOffset`,
      { ...params, pageLimit: pageSize, pageOffset: (page - 1) * pageSize },
    );
    const total =
      rows.length < pageSize && (page === 1 || rows.length > 0)
        ? (page - 1) * pageSize + rows.length
        : Number((await this.run<{ n: string | number }>(`SELECT COUNT(*) AS n FROM task t WHERE ${cond}`, params))[0]?.n ?? 0);
    const taskRows = rows.map(toTaskRowFromValues);
    const items = opts.zone ? this.withDerived(taskRows, opts.zone) : await this.views(taskRows); // no caller: each org's zone
    return { items, total, page, pageSize };
  }

  /** A hand-written read with named parameters, prepared once on the driver (database/direct-reads.ts). */
  run<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    return this.reads.all<T>(sql, params);
  }
  private readsOnce?: DirectReads;
  private get reads(): DirectReads {
    return (this.readsOnce ??= directReads(this.db));
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
    // Extra columns only when a caller selected some: walking every row's keys cost ~4% of the list route (#14).
    return { items: opts.extra ? views.map((v, i) => Object.assign(v, pickExtra(rows[i]))) : views, total, page, pageSize };
  }

  /** COUNT(*) of a filtered task query (TypeORM's getCount adds a DISTINCT over the primary key). */
  async count(qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
    const r = await qb.select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    return Number(r?.n ?? 0);
  }

  get dialect(): Dialect {
    return this.config.isPostgres ? 'postgres' : 'sqlite';
  }

  /** The caller's org zone: known from the sign-in (auth.service.ts), else read. */
  async zoneOf(actor: Actor): Promise<string> {
    return actor.timeZone ?? this.orgZone(actor.orgId);
  }

  async orgZone(orgId: number): Promise<string> {
    const r = await this.db.createQueryBuilder().select('o.time_zone', 'tz').from('org', 'o').where('o.id = :id', { id: orgId }).getRawOne<{ tz: string }>();
    return r?.tz ?? this.config.timeZone;
  }

  /** Per zone, the local day last computed and its span: lightBounds' zone conversion (luxon) once a day, not per request (#14). */
  private readonly dayBounds = new Map<string, { from: number; to: number; today: string; yellowBefore: string }>();

  lightBounds(zone: string): LightBounds {
    const now = this.clock.now();
    const t = now.getTime();
    const day = this.dayBounds.get(zone);
    if (day && t >= day.from && t <= day.to) return { now: t, today: day.today, yellowBefore: day.yellowBefore };
    const b = lightBounds(now, zone, this.calendar, this.config.tasks.yellowWorkingDays);
    this.dayBounds.set(zone, {
      from: startOfDay(b.today, zone).getTime(),
      to: endOfDay(b.today, zone).getTime(),
      today: b.today,
      yellowBefore: b.yellowBefore,
    });
    return b;
  }

  applyFilters(qb: SelectQueryBuilder<ObjectLiteral>, q: TaskFilters, zone: string): void {
    for (const c of this.filterConditions(q, zone)) qb.andWhere(c.sql, c.params);
  }

  /** The list filters as SQL conditions over `t` (each on an indexed column). */
  filterConditions(q: TaskFilters, zone: string): SqlCondition[] {
    const now = this.clock.now().getTime();
    const out: SqlCondition[] = [];
    if (q.owner) out.push({ sql: 't.owner_id = :owner', params: { owner: q.owner } });
    if (q.unit) out.push({ sql: 't.unit_id = :unit', params: { unit: q.unit } });
    if (q.plan) out.push({ sql: 't.plan_id = :plan', params: { plan: q.plan } });
    if (q.org) out.push({ sql: 't.org_id = :org', params: { org: q.org } });
    if (q.status) out.push({ sql: 't.status = :status', params: { status: q.status } });
    if (q.overdue === true) out.push({ sql: `t.status IN (${UNFINISHED_SQL}) AND t.due_at < :now`, params: { now } });
    if (q.overdue === false) out.push({ sql: `NOT (t.status IN (${UNFINISHED_SQL}) AND t.due_at < :now)`, params: { now } });
    if (q.light) out.push({ sql: lightCondition(q.light), params: lightParams(this.lightBounds(zone)) });
    const days = periodDays(q.month, q.quarter);
    if (days) out.push({ sql: 't.start_day <= :last AND t.due_day >= :first', params: { first: days[0], last: days[1] } });
    return out;
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
    const [raw] = await this.run<Record<string, unknown>>(DETAIL_SQL, { id });
    if (!raw) throw notFound('任务', id);
    const row = toTaskRow(raw);
    const requirements = parseJson<EvidenceRequirement[]>(raw.evidenceRequirements) ?? [];
    const coUnitIds = parseJson<number[]>(raw.coUnitIds) ?? [];
    if (actor) assertTask(canReadTask, actor, { orgId: row.orgId, ownerId: row.ownerId, unitId: row.unitId, coUnitIds }, FORBIDDEN.read);
    const zone = (raw.timeZone as string | null) ?? this.config.timeZone;
    const [view] = this.withDerived([row], zone);
    const [evidence, history, pending] = await Promise.all([
      this.evidence.summary(row, { evidenceRequirements: requirements }),
      this.history(id),
      this.run<Record<string, unknown>>(this.readers.pendingSql, { taskId: id }),
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
      pendingExtension: pending.length ? this.readers.extension.read(pending[0], 'x') : null,
    };
  }

  /** A task's audit events, oldest first, each with the actor's name ('系统' for the system), in one query. */
  private async history(taskId: number): Promise<Array<AuditEvent & { actorName: string | null }>> {
    const rows = await this.run<Record<string, unknown>>(this.readers.historySql, { taskId });
    return rows.map((r) => {
      const e = this.readers.audit.read(r, 'e');
      return { ...e, actorName: e.actorId == null ? '系统' : ((r.actorName as string | null) ?? null) };
    });
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
  /** views() for rows made for this response (toTaskRow): the fields are added to them, not to copies (a spread of 28 fields per row showed in the list's profile). */
  private withDerived(rows: TaskRow[], zone: string): TaskRowView[] {
    const now = this.clock.now().getTime();
    const b = this.lightBounds(zone);
    return rows.map((t) =>
      Object.assign(t, {
        overdue: UNFINISHED.has(t.status) && now > t.dueAt.getTime(),
        daysOverdue: daysOverdueFromBounds(t, b),
        light: lightFromBounds({ status: t.status, dueAt: t.dueAt.getTime(), dueDay: t.dueDay }, b),
      }),
    );
  }

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
        daysOverdue: daysOverdueFromBounds(t, b),
        light: lightFromBounds({ status: t.status, dueAt: t.dueAt.getTime(), dueDay: t.dueDay }, b),
      };
    });
  }
}
