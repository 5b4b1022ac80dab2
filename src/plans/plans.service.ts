import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert.js';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { conflict, DomainError, notFound } from '../common/errors.js';
import { Org } from '../people/org.entity.js';
import { PeopleService } from '../people/people.service.js';
import { addDays, expandSchedule, startOfDay, type WorkingCalendar } from '../schedule/index.js';
import { refreshPlannerStats } from '../database/planner-stats.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { localDay } from '../schedule/index.js';
import { mergePolicy } from '../supervision/policy.js';
import { OrgPolicy } from '../supervision/supervision.entities.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { graceEndDay, previewMessages, type MessagePreview, type PastDueChoice } from './activation.js';
import type { CreateItemDto, CreatePlanWithItemsDto, ListPlansQuery, UpdateItemDto, UpdatePlanDto } from './dto/plans.dto.js';
import { PlanItem } from './plan-item.entity.js';
import { TASK_CORE_COLUMNS } from '../tasks/task-insert-columns.js';
import { Plan } from './plan.entity.js';
import { planTaskChanges } from './replan.js';
import { yearMessages, type PersonMonths, type YearMessages } from '../simulation/year-preview.js';
import { resolveScheduleInput } from './schedule-input.js';

export interface ActivateOptions {
  /** What to do with tasks already past due at activation: grace period (default) or 补录. */
  pastDue?: PastDueChoice;
  /** Grace in working days (default tasks.activationGraceWorkingDays). */
  graceWorkingDays?: number;
  /** The 补录 note, kept in each task's audit event. */
  note?: string | null;
  /** Items without an owner are activated only when the office says so. */
  allowUnowned?: boolean;
}

export interface ActivationResult {
  planId: number;
  status: string;
  created: number;
  updated: number;
  cancelled: number;
  tasks: number;
  /** Tasks that were past due at activation and what was done with them. */
  pastDue: { count: number; choice: PastDueChoice; graceUntil: string | null };
  /** Items without an owner (their tasks remind nobody until one is assigned). */
  unowned: Array<{ itemId: number; title: string }>;
  /** Messages the sweep would send for this plan, nobody acting (same replay as the year simulation). */
  messages: MessagePreview;
}

/** The year's messages per person per month (preview only), with the people's names. */
export interface YearPreview extends Omit<YearMessages, 'people'> {
  people: Array<PersonMonths & { name: string; role: string }>;
  /** More than this many messages to one person in one month is flagged (tasks.monthlyMessageWarning). */
  threshold: number;
  /** What the figures assume. */
  assumption: string;
  computeMs: number;
}

export interface ActivationPreview extends ActivationResult {
  year: YearPreview;
}

/** Thrown inside the preview's transaction to roll it back. */
class PreviewRollback extends Error {
  constructor(readonly result: ActivationPreview) {
    super('preview');
  }
}

const CHUNK = 400;
/** The columns activation writes; the rest (escalation level, submitted/done, …) start at their defaults. */
const TASK_COLUMNS = [...TASK_CORE_COLUMNS, 'created_at', 'updated_at'];

interface ChangeCounts {
  created: number;
  updated: number;
  cancelled: number;
}

@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  list(q: ListPlansQuery): Promise<Plan[]> {
    const where: FindOptionsWhere<Plan> = {};
    if (q.orgId) where.orgId = q.orgId;
    if (q.year) where.year = q.year;
    if (q.status) where.status = q.status as Plan['status'];
    return this.db.getRepository(Plan).find({
      where,
      order: { id: 'ASC' },
      select: { id: true, orgId: true, year: true, title: true, status: true, activatedAt: true, createdAt: true, updatedAt: true },
    });
  }

  async get(id: number): Promise<Plan> {
    return (await this.db.getRepository(Plan).findOneBy({ id })) ?? Promise.reject(notFound('工作计划', id));
  }

  async getWithItems(id: number): Promise<Plan & { items: PlanItem[] }> {
    const plan = await this.get(id);
    return { ...plan, items: await this.items(id) };
  }

  items(planId: number): Promise<PlanItem[]> {
    return this.db.getRepository(PlanItem).find({ where: { planId }, order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  async getItem(id: number): Promise<PlanItem> {
    return (await this.db.getRepository(PlanItem).findOneBy({ id })) ?? Promise.reject(notFound('计划事项', id));
  }

  /** Creates a draft plan, with its items when given; all or nothing. */
  async create(dto: CreatePlanWithItemsDto, actorId: number | null = null): Promise<Plan & { items: PlanItem[] }> {
    await this.people.requireOrg(dto.orgId);
    const resolved = await Promise.all((dto.items ?? []).map((item, i) => this.resolveItem(item, dto.orgId, `items.${i}.`)));
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const plan = await m.getRepository(Plan).save(
        m.getRepository(Plan).create({
          orgId: dto.orgId,
          year: dto.year,
          title: dto.title,
          sourceText: dto.sourceText ?? null,
          status: 'draft',
          activatedAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      const items = await this.insertItems(m, plan.id, resolved, 0);
      await this.audit.record([{ entityType: 'plan', entityId: plan.id, orgId: plan.orgId, action: 'created', actorId, data: { items: items.length } }], m);
      return { ...plan, items };
    });
  }

  /**
   * Creates several draft plans from already-resolved items (the importer's output) in one
   * transaction: a document with seven plans is imported whole or not at all.
   */
  async createDrafts(orgId: number, drafts: DraftPlan[], actorId: number | null = null): Promise<Array<Plan & { items: PlanItem[] }>> {
    await this.people.requireOrg(orgId);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const out: Array<Plan & { items: PlanItem[] }> = [];
      for (const d of drafts) {
        const plan = await m
          .getRepository(Plan)
          .save(
            m
              .getRepository(Plan)
              .create({ orgId, year: d.year, title: d.title, sourceText: d.sourceText, status: 'draft', activatedAt: null, createdAt: now, updatedAt: now }),
          );
        const items = await this.insertItems(m, plan.id, d.items, 0);
        await this.audit.record(
          [{ entityType: 'plan', entityId: plan.id, orgId, action: 'imported', actorId, data: { items: items.length, source: d.source } }],
          m,
        );
        out.push({ ...plan, items });
      }
      return out;
    });
  }

  async update(id: number, dto: UpdatePlanDto, actorId: number | null = null): Promise<Plan> {
    const plan = await this.get(id);
    if (plan.status === 'archived') throw conflict('PLAN_ARCHIVED', '计划已归档，不能修改');
    if (dto.year !== undefined && dto.year !== plan.year && plan.status !== 'draft') throw conflict('PLAN_ACTIVE', '计划已启用，不能修改年度');
    Object.assign(plan, dto, { updatedAt: this.clock.now() });
    await this.db.getRepository(Plan).save(plan);
    await this.audit.record([{ entityType: 'plan', entityId: id, orgId: plan.orgId, action: 'updated', actorId, data: { ...dto } }]);
    return plan;
  }

  async remove(id: number): Promise<void> {
    const plan = await this.get(id);
    if (plan.status !== 'draft') throw conflict('PLAN_NOT_DRAFT', '只能删除草稿计划；已启用的计划请归档');
    await this.db.getRepository(Plan).delete({ id });
  }

  async archive(id: number, actorId: number | null = null): Promise<Plan> {
    const plan = await this.get(id);
    if (plan.status === 'archived') return plan;
    const from = plan.status;
    plan.status = 'archived';
    plan.updatedAt = this.clock.now();
    await this.db.getRepository(Plan).save(plan);
    await this.audit.record([{ entityType: 'plan', entityId: id, orgId: plan.orgId, action: 'archived', actorId, fromStatus: from, toStatus: 'archived' }]);
    return plan;
  }

  async addItem(planId: number, dto: CreateItemDto, actorId: number | null = null): Promise<PlanItem> {
    const plan = await this.get(planId);
    if (plan.status === 'archived') throw conflict('PLAN_ARCHIVED', '计划已归档，不能修改');
    const resolved = await this.resolveItem(dto, plan.orgId, '');
    return this.db.transaction(async (m) => {
      const max = await m.getRepository(PlanItem).maximum('sortOrder', { planId });
      const [item] = await this.insertItems(m, planId, [resolved], (max ?? -1) + 1);
      await this.audit.record([{ entityType: 'plan_item', entityId: item.id, orgId: plan.orgId, action: 'created', actorId }], m);
      if (plan.status === 'active') await this.syncItemTasks(m, plan, await this.orgOf(m, plan.orgId), item, actorId);
      return item;
    });
  }

  /** Edits an item; on an active plan a new schedule re-plans its open future tasks and keeps past ones. */
  async updateItem(id: number, dto: UpdateItemDto, actorId: number | null = null): Promise<PlanItem> {
    const item = await this.getItem(id);
    const plan = await this.get(item.planId);
    if (plan.status === 'archived') throw conflict('PLAN_ARCHIVED', '计划已归档，不能修改');
    const patch = await this.resolveItem({ title: item.title, ...dto }, plan.orgId, '', dto);
    const timeChanged = 'timeText' in dto || 'schedule' in dto;
    return this.db.transaction(async (m) => {
      Object.assign(item, this.definedFields(patch, dto, timeChanged), { updatedAt: this.clock.now() });
      await m.getRepository(PlanItem).save(item);
      await this.audit.record(
        [{ entityType: 'plan_item', entityId: id, orgId: plan.orgId, action: 'updated', actorId, data: { fields: Object.keys(dto) } }],
        m,
      );
      if (plan.status === 'active') {
        if ('ownerId' in dto || 'unitId' in dto) {
          await m
            .createQueryBuilder()
            .update(Task)
            .set({ ownerId: item.ownerId, unitId: item.unitId, updatedAt: this.clock.now() })
            .where('item_id = :id AND status IN (:...st)', { id, st: ['scheduled', 'open', 'returned', 'submitted'] })
            .execute();
        }
        if (timeChanged) await this.syncItemTasks(m, plan, await this.orgOf(m, plan.orgId), item, actorId);
      }
      return item;
    });
  }

  async removeItem(id: number, actorId: number | null = null): Promise<void> {
    const item = await this.getItem(id);
    const plan = await this.get(item.planId);
    if (plan.status !== 'draft') throw conflict('PLAN_NOT_DRAFT', '已启用计划的事项不能删除；请修改时间安排或取消其任务');
    await this.db.getRepository(PlanItem).delete({ id });
    await this.audit.record([{ entityType: 'plan_item', entityId: id, orgId: plan.orgId, action: 'deleted', actorId }]);
  }

  /**
   * Expands every item into its tasks. Idempotent: occurrences are keyed by (item, period), so
   * activating again creates nothing new; it does bring tasks in line with edited schedules.
   */
  async activate(id: number, actorId: number | null = null, opts: ActivateOptions = {}): Promise<ActivationResult> {
    const plan = await this.get(id);
    if (plan.status === 'archived') throw conflict('PLAN_ARCHIVED', '计划已归档，不能启用');
    const unowned = await this.unownedItems(id);
    if (unowned.length && !opts.allowUnowned)
      throw new DomainError(
        422,
        'VALIDATION_FAILED',
        `有 ${unowned.length} 个事项未指定责任人，启用后无人收到提醒`,
        {
          allowUnowned: [
            `未指定责任人的事项：${unowned
              .slice(0, 10)
              .map((u) => `“${u.title}”`)
              .join('、')}${unowned.length > 10 ? ` 等 ${unowned.length} 项` : ''}；请先指定责任人，或传 allowUnowned: true 确认启用`,
          ],
        },
        { unowned },
      );
    const result = await this.db.transaction((m) => this.runActivation(m, plan, actorId, opts, unowned));
    // Thousands of new tasks at once: refresh the planner's statistics so the task routes keep their indexes.
    if (result.created > 0) await refreshPlannerStats(this.db);
    this.logger.log(`计划 ${id} 启用：新建 ${result.created}，调整 ${result.updated}，取消 ${result.cancelled}，共 ${result.tasks} 个任务`);
    return result;
  }

  /**
   * What activating now with these options would do and send: the activation itself, run in a
   * transaction that is rolled back; and, computed here only (never during activation), the year's
   * messages per person per month, nobody acting (see simulation/year-preview.ts).
   */
  async previewActivation(id: number, opts: ActivateOptions = {}): Promise<ActivationPreview> {
    const plan = await this.get(id);
    if (plan.status === 'archived') throw conflict('PLAN_ARCHIVED', '计划已归档，不能启用');
    const unowned = await this.unownedItems(id);
    try {
      await this.db.transaction(async (m) => {
        const result = await this.runActivation(m, plan, null, opts, unowned);
        throw new PreviewRollback({ ...result, year: await this.yearFor(m, plan) });
      });
    } catch (e) {
      if (e instanceof PreviewRollback) return e.result;
      throw e;
    }
    throw new Error('unreachable');
  }

  private async unownedItems(planId: number): Promise<Array<{ itemId: number; title: string }>> {
    const items = await this.db
      .getRepository(PlanItem)
      .find({ where: { planId }, select: { id: true, title: true, ownerId: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    return items.filter((i) => i.ownerId == null).map((i) => ({ itemId: i.id, title: i.title }));
  }

  private async runActivation(
    m: EntityManager,
    plan: Plan,
    actorId: number | null,
    opts: ActivateOptions,
    unowned: ActivationResult['unowned'],
  ): Promise<ActivationResult> {
    const id = plan.id;
    const choice: PastDueChoice = opts.pastDue ?? 'grace';
    const result: ActivationResult = {
      planId: id,
      status: 'active',
      created: 0,
      updated: 0,
      cancelled: 0,
      tasks: 0,
      pastDue: { count: 0, choice, graceUntil: null },
      unowned,
      messages: { today: 0, firstWeek: 0, days: [] },
    };
    {
      const org = await this.orgOf(m, plan.orgId);
      const items = await m.getRepository(PlanItem).find({ where: { planId: id }, order: { sortOrder: 'ASC', id: 'ASC' } });
      const existing = await m.getRepository(Task).find({
        where: { planId: id },
        select: { id: true, itemId: true, periodKey: true, status: true, label: true, startDay: true, dueDay: true, dueAt: true },
      });
      const byItem = new Map<number, Task[]>();
      for (const t of existing) {
        const list = byItem.get(t.itemId);
        if (list) list.push(t);
        else byItem.set(t.itemId, [t]);
      }
      const c = await this.applyChanges(
        m,
        plan,
        org,
        items.map((item) => ({ item, existing: byItem.get(item.id) ?? [] })),
        actorId,
      );
      result.created = c.created;
      result.updated = c.updated;
      result.cancelled = c.cancelled;
      if (plan.status !== 'active') {
        const from = plan.status;
        await m.getRepository(Plan).update({ id }, { status: 'active', activatedAt: this.clock.now(), updatedAt: this.clock.now() });
        await this.audit.record(
          [
            {
              entityType: 'plan',
              entityId: id,
              orgId: plan.orgId,
              action: 'activated',
              actorId,
              fromStatus: from,
              toStatus: 'active',
              data: { created: result.created },
            },
          ],
          m,
        );
      }
      result.tasks = await m.getRepository(Task).countBy({ planId: id });
      const pastDue = await this.handlePastDue(m, plan, org, new Set(existing.map((t) => t.id)), choice, opts, actorId);
      result.pastDue = { count: pastDue.count, choice, graceUntil: pastDue.graceUntil };
      result.messages = await this.previewFor(m, plan, org);
    }
    return result;
  }

  /**
   * Tasks past due now and unfinished that this activation brought in (all of them on the first
   * activation, the new ones on a re-activation): given a grace period, or recorded done (补录).
   */
  private async handlePastDue(
    m: EntityManager,
    plan: Plan,
    org: Org,
    before: Set<number>,
    choice: PastDueChoice,
    opts: ActivateOptions,
    actorId: number | null,
  ): Promise<{ count: number; graceUntil: string | null }> {
    const now = this.clock.now();
    const firstActivation = plan.status !== 'active';
    const tasks = (
      await m
        .getRepository(Task)
        .createQueryBuilder('t')
        .select(['t.id', 't.status'])
        .where('t.plan_id = :p AND t.due_at < :now AND t.status IN (:...s) AND t.grace_until_day IS NULL', {
          p: plan.id,
          now: now.getTime(),
          s: UNFINISHED_STATUSES,
        })
        .getMany()
    ).filter((t) => firstActivation || !before.has(t.id));
    if (!tasks.length) return { count: 0, graceUntil: null };
    const ids = tasks.map((t) => t.id);
    if (choice === 'grace') {
      const days = opts.graceWorkingDays ?? this.config.tasks.activationGraceWorkingDays;
      const graceUntil = graceEndDay(localDay(now, org.timeZone), days, this.calendar);
      for (let i = 0; i < ids.length; i += CHUNK)
        await m.getRepository(Task).update({ id: In(ids.slice(i, i + CHUNK)) }, { graceUntilDay: graceUntil, nextNotifyAt: 0, updatedAt: now });
      await this.audit.record(
        [
          {
            entityType: 'plan',
            entityId: plan.id,
            orgId: plan.orgId,
            action: 'activation-grace',
            actorId,
            data: { tasks: ids.length, graceUntil, workingDays: days },
          },
        ],
        m,
      );
      return { count: ids.length, graceUntil };
    }
    const note = opts.note?.trim() || '计划启用时已过期限，补录为已完成';
    for (let i = 0; i < ids.length; i += CHUNK)
      await m
        .getRepository(Task)
        .update({ id: In(ids.slice(i, i + CHUNK)) }, { status: 'done', doneAt: now, onTime: null, nextNotifyAt: null, updatedAt: now });
    await this.audit.record(
      tasks.map((t) => ({
        entityType: 'task',
        entityId: t.id,
        orgId: plan.orgId,
        action: 'recorded',
        actorId,
        fromStatus: t.status,
        toStatus: 'done',
        data: { note },
      })),
      m,
    );
    return { count: ids.length, graceUntil: null };
  }

  /** This plan's tasks as they now stand and what the sweep would need to replay them. */
  private async previewInputs(m: EntityManager, plan: Plan, org: Org) {
    const tasks = await m.getRepository(Task).find({
      where: { planId: plan.id },
      select: { id: true, status: true, startDay: true, dueDay: true, dueAt: true, graceUntilDay: true, ownerId: true, unitId: true },
    });
    const units = await m.getRepository(Unit).find({ where: { orgId: plan.orgId }, select: { id: true, headId: true } });
    const people = await m
      .getRepository(Person)
      .find({ where: { orgId: plan.orgId, active: true }, select: { id: true, name: true, roles: true, unitId: true } });
    const override = await m.getRepository(OrgPolicy).findOneBy({ orgId: plan.orgId });
    return {
      tasks,
      people,
      ctx: {
        now: this.clock.now(),
        tz: org.timeZone,
        calendar: this.calendar,
        policy: mergePolicy(this.config.supervision.policy, override?.policy),
        unitHeads: new Map(units.map((u) => [u.id, u.headId])),
        presidium: people.filter((p) => p.roles.includes('presidium')).map((p) => p.id),
        horizonMs: this.config.supervision.catchUpHorizonHours * 3600_000,
      },
    };
  }

  /** The first week's messages for this plan's tasks as they now stand (see activation.ts). */
  private async previewFor(m: EntityManager, plan: Plan, org: Org): Promise<MessagePreview> {
    const { tasks, ctx } = await this.previewInputs(m, plan, org);
    return previewMessages(tasks, ctx);
  }

  /** The year's messages per person per month for this plan, from today to the end of the plan year (at least this month). */
  private async yearFor(m: EntityManager, plan: Plan): Promise<YearPreview> {
    const started = performance.now(); // elapsed computing time, not the clock
    const org = await this.orgOf(m, plan.orgId);
    const { tasks, people, ctx } = await this.previewInputs(m, plan, org);
    const today = localDay(ctx.now, org.timeZone);
    const monthEnd = addDays(`${addDays(`${today.slice(0, 7)}-28`, 7).slice(0, 7)}-01`, -1);
    const yearEnd = `${plan.year}-12-31`;
    const year = yearMessages(tasks, { ...ctx, to: yearEnd > monthEnd ? yearEnd : monthEnd });
    const byId = new Map(people.map((p) => [p.id, p]));
    const role = (roles: string[] | undefined) =>
      roles?.includes('presidium') ? 'presidium' : roles?.includes('unit_head') ? 'unit_head' : roles?.includes('admin') ? 'admin' : 'staff';
    return {
      ...year,
      people: year.people.map((p) => ({ ...p, name: byId.get(p.personId)?.name ?? `#${p.personId}`, role: role(byId.get(p.personId)?.roles) })),
      threshold: this.config.tasks.monthlyMessageWarning,
      assumption: '无人办理、不提交时的上限（延期后重新提醒的不计）：每项任务走完提醒、逾期通知和升级督办的全过程',
      computeMs: Math.round(performance.now() - started),
    };
  }

  private async syncItemTasks(m: EntityManager, plan: Plan, org: Org, item: PlanItem, actorId: number | null): Promise<ChangeCounts> {
    const existing = await m.getRepository(Task).find({
      where: { itemId: item.id },
      select: { id: true, itemId: true, periodKey: true, status: true, label: true, startDay: true, dueDay: true, dueAt: true },
    });
    return this.applyChanges(m, plan, org, [{ item, existing }], actorId);
  }

  /**
   * Brings the tasks of the given items in line with their schedules, in bulk: all new rows of a
   * plan go in as multi-row inserts, their ids are read back once, audit rows follow in bulk.
   */
  private async applyChanges(
    m: EntityManager,
    plan: Plan,
    org: Org,
    work: Array<{ item: PlanItem; existing: Task[] }>,
    actorId: number | null,
  ): Promise<ChangeCounts> {
    const now = this.clock.now();
    const counts: ChangeCounts = { created: 0, updated: 0, cancelled: 0 };
    const audits: AuditInput[] = [];
    const rows: unknown[][] = [];
    for (const { item, existing } of work) {
      const planned = expandSchedule(item.schedule, {
        year: plan.year,
        tz: org.timeZone,
        calendar: this.calendar,
        shiftDueToWorkingDay: this.config.tasks.shiftDueToWorkingDay,
        detail: item.scheduleDetail ?? undefined,
      });
      const changes = planTaskChanges(existing, planned, now);
      for (const p of changes.create) {
        const windowStart = startOfDay(p.start, org.timeZone);
        // In TASK_COLUMNS order; the other columns take their defaults (next_notify_at 0 = "look at it now").
        rows.push([
          plan.orgId,
          plan.id,
          item.id,
          p.periodKey,
          p.label,
          p.start,
          p.dueDay,
          windowStart.getTime(),
          p.due.getTime(),
          now < windowStart ? 'scheduled' : 'open',
          item.ownerId,
          item.unitId,
          now.getTime(),
          now.getTime(),
        ]);
      }
      for (const { id, planned: p } of changes.update) {
        const windowStart = startOfDay(p.start, org.timeZone);
        const before = existing.find((t) => t.id === id)!;
        const nextStatus = before.status === 'returned' ? 'returned' : now < windowStart ? 'scheduled' : 'open';
        await m
          .getRepository(Task)
          .update({ id }, { label: p.label, startDay: p.start, dueDay: p.dueDay, windowStart, dueAt: p.due, status: nextStatus, updatedAt: now });
        audits.push({
          entityType: 'task',
          entityId: id,
          taskId: id,
          orgId: plan.orgId,
          action: 'replanned',
          actorId,
          fromStatus: before.status,
          toStatus: nextStatus,
          reason: '时间安排已修改',
          data: { fromDue: before.dueAt.toISOString(), toDue: p.due.toISOString() },
        });
      }
      if (changes.cancel.length) {
        await m.getRepository(Task).update({ id: In(changes.cancel.map((t) => t.id)) }, { status: 'cancelled', updatedAt: now });
        for (const t of changes.cancel)
          audits.push({
            entityType: 'task',
            entityId: t.id,
            taskId: t.id,
            orgId: plan.orgId,
            action: 'cancelled',
            actorId,
            fromStatus: t.status,
            toStatus: 'cancelled',
            reason: '时间安排已修改，此时间节点不再需要',
          });
      }
      counts.updated += changes.update.length;
      counts.cancelled += changes.cancel.length;
    }
    if (rows.length) {
      // New ids are read back as "this plan's ids above the previous maximum": portable across
      // drivers (unlike RETURNING from bulk inserts) and safe inside this transaction.
      const before = Number((await m.getRepository(Task).maximum('id', { planId: plan.id })) ?? 0);
      await bulkInsert(m, 'task', TASK_COLUMNS, rows);
      const created = await m
        .getRepository(Task)
        .createQueryBuilder('t')
        .select(['t.id', 't.status', 't.label', 't.dueAt'])
        .where('t.plan_id = :plan AND t.id > :before', { plan: plan.id, before })
        .getMany();
      for (const t of created) {
        audits.push({
          entityType: 'task',
          entityId: t.id,
          taskId: t.id,
          orgId: plan.orgId,
          action: 'created',
          actorId,
          toStatus: t.status,
          data: { label: t.label, due: t.dueAt.toISOString() },
        });
      }
      counts.created = rows.length;
    }
    await this.audit.record(audits, m);
    return counts;
  }

  private async orgOf(m: EntityManager, orgId: number): Promise<Org> {
    return (await m.getRepository(Org).findOneBy({ id: orgId }))!;
  }

  private async insertItems(m: EntityManager, planId: number, items: Array<ResolvedItem & Partial<ItemReviewFields>>, firstOrder: number): Promise<PlanItem[]> {
    const now = this.clock.now();
    const repo = m.getRepository(PlanItem);
    const entities = items.map((it, i) => repo.create({ ...it, planId, sortOrder: firstOrder + i, createdAt: now, updatedAt: now }));
    const saved: PlanItem[] = [];
    for (let i = 0; i < entities.length; i += CHUNK) saved.push(...(await repo.save(entities.slice(i, i + CHUNK))));
    return saved;
  }

  /** Validates references and the time of an item; errors name the field (prefixed for nested items). */
  private async resolveItem(dto: CreateItemDto, orgId: number, prefix: string, only?: UpdateItemDto): Promise<ResolvedItem> {
    const has = (k: keyof UpdateItemDto) => !only || k in only;
    const time =
      has('timeText') || has('schedule') ? resolveScheduleInput(dto) : { ok: true as const, value: { timeText: null, schedule: null, detail: null } };
    if (!time.ok) throw new DomainError(422, 'BAD_SCHEDULE', `无法识别时间安排：${time.reason}`, { [`${prefix}${time.field}`]: [time.reason] });
    if (dto.ownerId && has('ownerId')) await this.people.requirePersonInOrg(`${prefix}ownerId`, dto.ownerId, orgId);
    if (dto.unitId && has('unitId')) await this.people.requireUnitInOrg(`${prefix}unitId`, dto.unitId, orgId);
    for (const u of (has('coUnitIds') ? dto.coUnitIds : undefined) ?? []) await this.people.requireUnitInOrg(`${prefix}coUnitIds`, u, orgId);
    return {
      title: dto.title,
      sectionPath: dto.sectionPath ?? [],
      code: dto.code ?? null,
      sourceQuote: dto.sourceQuote ?? null,
      timeText: time.value.timeText,
      schedule: time.value.schedule,
      scheduleDetail: time.value.detail,
      ownerId: dto.ownerId ?? null,
      unitId: dto.unitId ?? null,
      coUnitIds: dto.coUnitIds ?? [],
      evidenceRequirements: (dto.evidenceRequirements ?? []).map((e) => ({ kind: e.kind, min: e.min })),
    };
  }

  private definedFields(patch: ResolvedItem, dto: UpdateItemDto, timeChanged: boolean): Partial<ResolvedItem> {
    const out: Partial<ResolvedItem> = {};
    for (const key of Object.keys(dto) as Array<keyof UpdateItemDto>) {
      if (key === 'timeText' || key === 'schedule') continue;
      (out as Record<string, unknown>)[key] = patch[key as keyof ResolvedItem];
    }
    if (timeChanged) Object.assign(out, { timeText: patch.timeText, schedule: patch.schedule, scheduleDetail: patch.scheduleDetail });
    return out;
  }
}

export type ResolvedItem = Pick<
  PlanItem,
  'title' | 'sectionPath' | 'code' | 'sourceQuote' | 'timeText' | 'schedule' | 'scheduleDetail' | 'ownerId' | 'unitId' | 'coUnitIds' | 'evidenceRequirements'
>;

/** What an import keeps for the review screen beside an item (PlanItem's review columns). */
export type ItemReviewFields = Pick<PlanItem, 'confidence' | 'reviewReasons' | 'unitWritten' | 'ownerWritten' | 'unitCandidates' | 'ownerCandidates'>;

export interface DraftPlan {
  title: string;
  year: number;
  sourceText: string | null;
  /** Where it came from, for the audit trail ("sample.txt, 篇3"). */
  source: string;
  items: Array<ResolvedItem & Partial<ItemReviewFields>>;
}
