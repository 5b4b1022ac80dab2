import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { forbidden, notFound } from '../common/errors.js';
import { FORBIDDEN, hasRole, type Actor } from '../auth/access.js';
import { TaskAccessService } from '../auth/task-access.service.js';
import { EvidenceService, type EvidenceSummary } from '../evidence/evidence.service.js';
import { Org } from '../people/org.entity.js';
import type { WorkingCalendar } from '../schedule/index.js';
import type { ListTasksQuery } from './dto/tasks.dto.js';
import { daysOverdue, isOverdue, taskLight, type Light } from './task-light.js';
import { Task, UNFINISHED_STATUSES } from './task.entity.js';

export type TaskView = Task & { overdue: boolean; daysOverdue: number; light: Light };

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
    private readonly access: TaskAccessService,
    private readonly evidence: EvidenceService,
  ) {}

  /** Filtered, paged task list; every filter maps to an indexed column. With an actor, only what they may see. */
  async list(q: ListTasksQuery, actor?: Actor): Promise<Page<TaskView>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.db.getRepository(Task).createQueryBuilder('t');
    this.applyFilters(qb, q);
    if (actor) await this.applyVisibility(qb, q, actor);
    qb.orderBy('t.due_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  private applyFilters(qb: SelectQueryBuilder<Task>, q: ListTasksQuery): void {
    const now = this.clock.now().getTime();
    if (q.owner) qb.andWhere('t.owner_id = :owner', { owner: q.owner });
    if (q.unit) qb.andWhere('t.unit_id = :unit', { unit: q.unit });
    if (q.plan) qb.andWhere('t.plan_id = :plan', { plan: q.plan });
    if (q.org) qb.andWhere('t.org_id = :org', { org: q.org });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.overdue === true) qb.andWhere('t.status IN (:...unfinished) AND t.due_at < :now', { unfinished: UNFINISHED_STATUSES, now });
    if (q.overdue === false) qb.andWhere('NOT (t.status IN (:...unfinished) AND t.due_at < :now)', { unfinished: UNFINISHED_STATUSES, now });
    const days = periodDays(q.month, q.quarter);
    if (days) qb.andWhere('t.start_day <= :last AND t.due_day >= :first', { first: days[0], last: days[1] });
  }

  /** Mirrors access.canReadTask in SQL: org, then own / unit (unit heads) / co-unit items, unless presidium or admin. */
  private async applyVisibility(qb: SelectQueryBuilder<Task>, q: ListTasksQuery, actor: Actor): Promise<void> {
    if (q.org && q.org !== actor.orgId) throw forbidden(FORBIDDEN.org);
    qb.andWhere('t.org_id = :actorOrg', { actorOrg: actor.orgId });
    if (hasRole(actor, 'admin', 'presidium')) return;
    const ors = ['t.owner_id = :me'];
    const params: Record<string, unknown> = { me: actor.id };
    if (hasRole(actor, 'unit_head') && actor.unitId != null) {
      ors.push('t.unit_id = :myUnit');
      params.myUnit = actor.unitId;
    }
    const coItems = actor.unitId != null ? await this.access.coOwnedItemIds(actor.orgId, actor.unitId) : [];
    if (coItems.length) {
      ors.push('t.item_id IN (:...coItems)');
      params.coItems = coItems;
    }
    qb.andWhere(`(${ors.join(' OR ')})`, params);
  }

  async get(id: number): Promise<TaskView> {
    const task = await this.db.getRepository(Task).findOneBy({ id });
    if (!task) throw notFound('任务', id);
    return (await this.views([task]))[0];
  }

  async detail(id: number, actor?: Actor): Promise<TaskView & { history: AuditEvent[]; evidence?: EvidenceSummary }> {
    if (!actor) return { ...(await this.get(id)), history: await this.audit.taskHistory(id) };
    const { task, item } = await this.access.require(actor, id, 'read');
    const view = (await this.views([task]))[0];
    return { ...view, history: await this.audit.taskHistory(id), evidence: await this.evidence.summary(task, item) };
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

  private async views(tasks: Task[]): Promise<TaskView[]> {
    const now = this.clock.now();
    const orgIds = [...new Set(tasks.map((t) => t.orgId))];
    const zones = new Map<number, string>();
    if (orgIds.length) for (const o of await this.db.getRepository(Org).findBy({ id: In(orgIds) })) zones.set(o.id, o.timeZone);
    return tasks.map((t) => {
      const tz = zones.get(t.orgId) ?? this.config.timeZone;
      return {
        ...t,
        overdue: isOverdue(t, now),
        daysOverdue: daysOverdue(t, now, tz),
        light: taskLight(t, now, tz, this.calendar, this.config.tasks.yellowWorkingDays),
      };
    });
  }
}
