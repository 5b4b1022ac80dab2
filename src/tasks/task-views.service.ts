import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasRole, type Actor } from '../auth/access.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { AppConfig } from '../config/app-config.js';
import { forbidden, invalidField } from '../common/errors.js';
import { requirementStatus } from '../evidence/requirements.js';
import type { EvidenceRequirement } from '../plans/plan-item.entity.js';
import { expandSchedule, parseSchedule, startOfDay, type Schedule, type ScheduleDetail, type WorkingCalendar } from '../schedule/index.js';
import { LIGHT_CASE, lightCondition, lightParams } from './light-sql.js';
import { UNFINISHED_STATUSES } from './task.entity.js';
import { parseJson, TasksService, type Page, type TaskRowView } from './tasks.service.js';
import { readableTasks, reviewableTasks } from './task-visibility.js';
import type { Light } from './task-light.js';
import type { Board, BoardCell } from './board-shape.js';

export type { Board, BoardCell } from './board-shape.js';

export interface PendingExtension {
  id: number;
  taskId: number;
  title: string | null;
  label: string;
  ownerName: string | null;
  unitName: string | null;
  requestedBy: number | null;
  requestedByName: string | null;
  reason: string;
  progress: string;
  previousDueDay: string;
  requestedDueDay: string;
  createdAt: Date;
}

export interface BurdenMonth {
  month: string;
  tasksDue: number;
  uploadsAsked: number;
  messagesSent: number;
}

export interface BurdenPerson {
  personId: number;
  name: string;
  unitId: number | null;
  unitName: string | null;
  months: BurdenMonth[];
}

export interface SchedulePreview {
  input: string;
  schedule: Schedule;
  detail: ScheduleDetail;
  tasks: Array<{ periodKey: string; label: string; start: string; dueDay: string; due: string }>;
}

const mm = (m: number) => String(m).padStart(2, '0');
const yearDays = (year: number): [string, string] => [`${year}-01-01`, `${year}-12-31`];

/**
 * The read models the web pages stand on (board, review queue, extensions to decide, overdue list,
 * burden, schedule preview). Each applies access.ts's rules inside its SQL and aggregates in the database.
 */
@Injectable()
export class TaskViewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly config: AppConfig,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  /** Submitted tasks the caller may review (access.canReviewTask), oldest submission first. */
  async reviewQueue(actor: Actor, q: { plan?: number; unit?: number; page?: number; pageSize?: number }): Promise<Page<TaskRowView>> {
    const rev = reviewableTasks(actor);
    if (!rev) return { items: [], total: 0, page: q.page ?? 1, pageSize: q.pageSize ?? 50 };
    const zone = await this.tasks.zoneOf(actor);
    return this.tasks.pageOf(
      () => {
        const qb = this.db.createQueryBuilder().from('task', 't').where("t.status = 'submitted'").andWhere(rev.sql, rev.params);
        if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
        if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
        return qb;
      },
      { page: q.page, pageSize: q.pageSize, zone, order: 'submitted' },
    );
  }

  /** Pending 延期申请 on tasks the caller may review, oldest first. */
  async pendingExtensions(actor: Actor, q: { page?: number; pageSize?: number }): Promise<Page<PendingExtension>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const rev = reviewableTasks(actor);
    if (!rev) return { items: [], total: 0, page, pageSize };
    const build = () =>
      this.db
        .createQueryBuilder()
        .from('extension_request', 'e')
        .innerJoin('task', 't', 't.id = e.task_id')
        .where("e.status = 'pending' AND e.org_id = :org", { org: actor.orgId })
        .andWhere(rev.sql, rev.params);
    const rows = await build()
      .select('e.id', 'id')
      .addSelect('e.task_id', 'taskId')
      .addSelect('ti.title', 'title')
      .addSelect('t.label', 'label')
      .addSelect('o.name', 'ownerName')
      .addSelect('u.name', 'unitName')
      .addSelect('e.requested_by', 'requestedBy')
      .addSelect('rb.name', 'requestedByName')
      .addSelect('e.reason', 'reason')
      .addSelect('e.progress', 'progress')
      .addSelect('e.previous_due_day', 'previousDueDay')
      .addSelect('e.requested_due_day', 'requestedDueDay')
      .addSelect('e.created_at', 'createdAt')
      .leftJoin('plan_item', 'ti', 'ti.id = t.item_id')
      .leftJoin('person', 'o', 'o.id = t.owner_id')
      .leftJoin('unit', 'u', 'u.id = t.unit_id')
      .leftJoin('person', 'rb', 'rb.id = e.requested_by')
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const total = rows.length < pageSize && page === 1 ? rows.length : await this.tasks.count(build());
    const items = rows.map((r) => ({
      id: Number(r.id),
      taskId: Number(r.taskId),
      title: (r.title as string | null) ?? null,
      label: r.label as string,
      ownerName: (r.ownerName as string | null) ?? null,
      unitName: (r.unitName as string | null) ?? null,
      requestedBy: r.requestedBy == null ? null : Number(r.requestedBy),
      requestedByName: (r.requestedByName as string | null) ?? null,
      reason: r.reason as string,
      progress: r.progress as string,
      previousDueDay: r.previousDueDay as string,
      requestedDueDay: r.requestedDueDay as string,
      createdAt: new Date(Number(r.createdAt)),
    }));
    return { items, total, page, pageSize };
  }

  /** Tasks (not cancelled) the caller may read, counted by unit × month of the due day × light, in the database. */
  async board(actor: Actor, q: { year: number; plan?: number; unit?: number; light?: Light }): Promise<Board> {
    const zone = await this.tasks.zoneOf(actor);
    const bounds = this.tasks.lightBounds(zone);
    const vis = readableTasks(actor, this.tasks.dialect);
    const [first, last] = yearDays(q.year);
    const qb = this.db
      .createQueryBuilder()
      .from('task', 't')
      .select('t.unit_id', 'unitId')
      .addSelect('substr(t.due_day, 1, 7)', 'month')
      .addSelect(LIGHT_CASE, 'light')
      .addSelect('COUNT(*)', 'n')
      .where(vis.sql, vis.params)
      .andWhere("t.due_day >= :first AND t.due_day <= :last AND t.status <> 'cancelled'", { first, last })
      .setParameters(lightParams(bounds));
    if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
    if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
    if (q.light) qb.andWhere(lightCondition(q.light));
    // Ordinal GROUP BY: the CASE carries parameters, which PostgreSQL would not match as the same expression.
    const rows = await qb.groupBy('1, 2, 3').getRawMany<{ unitId: number | string | null; month: string; light: Light; n: number | string }>();
    const unitRows = await this.db
      .createQueryBuilder()
      .from('unit', 'u')
      .select('u.id', 'id')
      .addSelect('u.name', 'name')
      .where('u.org_id = :org', { org: actor.orgId })
      .orderBy('u.id', 'ASC')
      .getRawMany<{ id: number | string; name: string }>();
    const unitName = new Map(unitRows.map((u) => [Number(u.id), u.name]));
    const cells = new Map<string, BoardCell>();
    for (const r of rows) {
      const unitId = r.unitId == null ? null : Number(r.unitId);
      const key = `${unitId}|${r.month}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { unitId, unitName: unitId == null ? null : (unitName.get(unitId) ?? null), month: r.month, red: 0, yellow: 0, green: 0, total: 0 };
        cells.set(key, cell);
      }
      cell[r.light] += Number(r.n);
      cell.total += Number(r.n);
    }
    const sorted = [...cells.values()].sort((a, b) => (a.unitId ?? Infinity) - (b.unitId ?? Infinity) || a.month.localeCompare(b.month));
    const seen = new Set(sorted.map((c) => c.unitId));
    const whole = hasRole(actor, 'admin', 'presidium') && !q.unit;
    const units = unitRows.map((u) => ({ unitId: Number(u.id), unitName: u.name })).filter((u) => whole || seen.has(u.unitId)) as Board['units'];
    if (seen.has(null)) units.push({ unitId: null, unitName: null });
    return { year: q.year, today: bounds.today, units, cells: sorted };
  }

  /** The tasks behind one board cell (same rules and counting as the board). */
  async boardTasks(
    actor: Actor,
    q: { year: number; month: number; unit?: number | 'none'; plan?: number; light?: Light; page?: number; pageSize?: number },
  ): Promise<Page<TaskRowView>> {
    const zone = await this.tasks.zoneOf(actor);
    const vis = readableTasks(actor, this.tasks.dialect);
    const month = `${q.year}-${mm(q.month)}`;
    return this.tasks.pageOf(
      () => {
        const qb = this.db
          .createQueryBuilder()
          .from('task', 't')
          .where(vis.sql, vis.params)
          .andWhere("t.due_day >= :first AND t.due_day <= :last AND t.status <> 'cancelled'", { first: `${month}-01`, last: `${month}-31` });
        if (q.unit === 'none') qb.andWhere('t.unit_id IS NULL');
        else if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
        if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
        if (q.light) qb.andWhere(lightCondition(q.light), lightParams(this.tasks.lightBounds(zone)));
        return qb;
      },
      { page: q.page, pageSize: q.pageSize, zone, narrow: vis.narrow },
    );
  }

  /** Overdue tasks the caller may read, longest overdue first, with escalation level and missing evidence. */
  async overdue(
    actor: Actor,
    q: { plan?: number; unit?: number; page?: number; pageSize?: number },
  ): Promise<Page<TaskRowView & { missing: Array<{ kind: string; min: number; count: number }> }>> {
    const zone = await this.tasks.zoneOf(actor);
    const vis = readableTasks(actor, this.tasks.dialect);
    const now = this.tasks.lightBounds(zone).now;
    const page = await this.tasks.pageOf(
      () => {
        const qb = this.db
          .createQueryBuilder()
          .from('task', 't')
          .where(vis.sql, vis.params)
          .andWhere('t.status IN (:...unfinished) AND t.due_at < :now', { unfinished: UNFINISHED_STATUSES, now });
        if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
        if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
        return qb;
      },
      { page: q.page, pageSize: q.pageSize, zone, narrow: vis.narrow, extra: (qb) => qb.addSelect('ti.evidence_requirements', 'x_requirements') },
    );
    const ids = page.items.map((t) => t.id);
    const attached = new Map<number, Array<{ kind: string | null }>>();
    if (ids.length) {
      const rows = await this.db
        .createQueryBuilder()
        .from('evidence', 'ev')
        .select('ev.task_id', 'taskId')
        .addSelect('ev.kind', 'kind')
        .where('ev.task_id IN (:...ids) AND ev.detached_at IS NULL', { ids })
        .getRawMany<{ taskId: number | string; kind: string | null }>();
      for (const r of rows) {
        const list = attached.get(Number(r.taskId)) ?? [];
        list.push({ kind: r.kind });
        attached.set(Number(r.taskId), list);
      }
    }
    return {
      ...page,
      items: page.items.map((t) => {
        const { requirements, ...rest } = t as TaskRowView & { requirements?: unknown };
        const missing = requirementStatus(parseJson<EvidenceRequirement[]>(requirements) ?? [], attached.get(t.id) ?? [])
          .filter((r) => !r.met)
          .map(({ kind, min, count }) => ({ kind, min, count }));
        return { ...rest, missing };
      }),
    };
  }

  /**
   * 减负 view (admins and presidium members): per person and month, the tasks due, the uploads their
   * items ask for, and the messages sent to them. People in a fixed order (unit, then id): no ranking.
   */
  async burden(actor: Actor, q: { year: number; unit?: number }): Promise<{ year: number; people: BurdenPerson[] }> {
    if (!hasRole(actor, 'admin', 'presidium')) throw forbidden('减负视图只有管理员和主席团成员可以查看');
    const zone = await this.tasks.zoneOf(actor);
    const [first, last] = yearDays(q.year);
    const taskQb = this.db
      .createQueryBuilder()
      .from('task', 't')
      .select('t.owner_id', 'ownerId')
      .addSelect('substr(t.due_day, 1, 7)', 'month')
      .addSelect('t.item_id', 'itemId')
      .addSelect('COUNT(*)', 'n')
      .where("t.org_id = :org AND t.owner_id IS NOT NULL AND t.due_day >= :first AND t.due_day <= :last AND t.status <> 'cancelled'", {
        org: actor.orgId,
        first,
        last,
      });
    if (q.unit) taskQb.andWhere('t.unit_id = :unit', { unit: q.unit });
    const taskRows = await taskQb.groupBy('1, 2, 3').getRawMany<{ ownerId: number | string; month: string; itemId: number | string; n: number | string }>();
    const itemRows = await this.db
      .createQueryBuilder()
      .from('plan_item', 'i')
      .innerJoin('plan', 'p', 'p.id = i.plan_id')
      .select('i.id', 'id')
      .addSelect('i.evidence_requirements', 'req')
      .where('p.org_id = :org', { org: actor.orgId })
      .getRawMany<{ id: number | string; req: string | null }>();
    const asked = new Map(itemRows.map((i) => [Number(i.id), (parseJson<EvidenceRequirement[]>(i.req) ?? []).reduce((s, r) => s + r.min, 0)]));
    // Month boundaries in the org's zone: messages are counted by the local month they were sent in.
    const edges = Array.from({ length: 13 }, (_, k) => startOfDay(k < 12 ? `${q.year}-${mm(k + 1)}-01` : `${q.year + 1}-01-01`, zone).getTime());
    const monthCase = `CASE ${edges
      .slice(1, 12)
      .map((e, k) => `WHEN m.sent_at < ${e} THEN '${q.year}-${mm(k + 1)}'`)
      .join(' ')} ELSE '${q.year}-12' END`;
    const messageRows = await this.db
      .createQueryBuilder()
      .from('notification_message', 'm')
      .select('m.recipient_id', 'personId')
      .addSelect(monthCase, 'month')
      .addSelect('COUNT(*)', 'n')
      .where("m.org_id = :org AND m.status = 'sent' AND m.sent_at >= :from AND m.sent_at < :to", { org: actor.orgId, from: edges[0], to: edges[12] })
      .groupBy('1, 2')
      .getRawMany<{ personId: number | string; month: string; n: number | string }>();
    const peopleQb = this.db
      .createQueryBuilder()
      .from('person', 'p')
      .leftJoin('unit', 'u', 'u.id = p.unit_id')
      .select('p.id', 'id')
      .addSelect('p.name', 'name')
      .addSelect('p.unit_id', 'unitId')
      .addSelect('u.name', 'unitName')
      .where('p.org_id = :org', { org: actor.orgId });
    if (q.unit) peopleQb.andWhere('p.unit_id = :unit', { unit: q.unit });
    const people = await peopleQb.getRawMany<{ id: number | string; name: string; unitId: number | string | null; unitName: string | null }>();
    const cells = new Map<string, BurdenMonth>();
    const cell = (personId: number, month: string) => {
      const key = `${personId}|${month}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { month, tasksDue: 0, uploadsAsked: 0, messagesSent: 0 }));
      return c;
    };
    const active = new Set<number>();
    for (const r of taskRows) {
      const c = cell(Number(r.ownerId), r.month);
      c.tasksDue += Number(r.n);
      c.uploadsAsked += Number(r.n) * (asked.get(Number(r.itemId)) ?? 0);
      active.add(Number(r.ownerId));
    }
    for (const r of messageRows) {
      cell(Number(r.personId), r.month).messagesSent += Number(r.n);
      active.add(Number(r.personId));
    }
    const months = Array.from({ length: 12 }, (_, k) => `${q.year}-${mm(k + 1)}`);
    return {
      year: q.year,
      people: people
        .map((p) => ({ ...p, id: Number(p.id), unitId: p.unitId == null ? null : Number(p.unitId) }))
        .filter((p) => active.has(p.id))
        .sort((a, b) => (a.unitId ?? Infinity) - (b.unitId ?? Infinity) || a.id - b.id)
        .map((p) => ({
          personId: p.id,
          name: p.name,
          unitId: p.unitId,
          unitName: p.unitName ?? null,
          months: months.map((m) => cells.get(`${p.id}|${m}`) ?? { month: m, tasksDue: 0, uploadsAsked: 0, messagesSent: 0 }),
        })),
    };
  }

  /** A time phrase read as activation would read it: the schedule and the dated tasks of `year`, in the org's zone. */
  async previewSchedule(actor: Actor, text: string, year: number): Promise<SchedulePreview> {
    const parsed = parseSchedule(text);
    if (!parsed.ok) throw invalidField('text', parsed.reason, '无法识别时间表述');
    const zone = await this.tasks.zoneOf(actor);
    const tasks = expandSchedule(parsed.schedule, {
      year,
      tz: zone,
      calendar: this.calendar,
      shiftDueToWorkingDay: this.config.tasks.shiftDueToWorkingDay,
      detail: parsed.detail,
    });
    return {
      input: text,
      schedule: parsed.schedule,
      detail: parsed.detail,
      tasks: tasks.map((t) => ({ periodKey: t.periodKey, label: t.label, start: t.start, dueDay: t.dueDay, due: t.due.toISOString() })),
    };
  }
}
