import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { Actor } from '../auth/access.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { WORKING_CALENDAR } from '../calendar/calendar.module.js';
import type { ManualClock } from '../clock/clock.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { Notification, NotificationMessage } from '../notifications/notification.entity.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { addDays, type WorkingCalendar } from '../schedule/index.js';
import { SupervisionService } from '../supervision/supervision.service.js';
import { TaskWorkflowService } from '../tasks/task-workflow.service.js';
import { Task, UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';
import { TasksService } from '../tasks/tasks.service.js';
import { planBehaviour, type BehaviourPlan, type Conduct } from './behaviour.js';
import { predictLedger, stageGroup, type PredictTask } from './predict.js';

/**
 * The year simulation: a ManualClock moved day by day through a period against the real app
 * (database, Redis queues, delivery). Each day: 09:00 sweep, 14:00 simulated staff and reviewers
 * act through the real EvidenceService and TaskWorkflowService, 18:00 sweep; after each sweep the
 * queues are drained (waitForIdle), so every message of the day is delivered before time moves on.
 */
export interface SimulationOptions {
  planIds: number[];
  from: string;
  to: string;
  seed: number;
  /** Local times of the sweeps each day. */
  sweepTimes?: string[];
  /** Local time at which staff and reviewers act on working days. */
  actionTime?: string;
  /** Nobody acts (no submissions, no reviews): the year the activation preview describes. */
  idle?: boolean;
  onEntry?: (e: TimelineEntry) => void;
  onDay?: (day: string, progress: DayProgress) => void;
}

export interface TimelineEntry {
  at: Date;
  /** Local "YYYY-MM-DD HH:mm". */
  when: string;
  /** A ledger stage (window-open, before-5, overdue, escalate-1, …), presidium-daily, or submitted / returned / resubmitted / accepted. */
  stage: string;
  recipient: string;
  task: string;
  status: string;
}

export interface DayProgress {
  index: number;
  days: number;
  messages: number;
  actions: number;
}

export interface SimulationResult {
  steps: number;
  tasks: number;
  conduct: Record<Conduct, number>;
  actions: Record<string, number>;
  errors: string[];
  sweepInstants: Date[];
}

type Action = { type: 'submit' | 'review' | 'resubmit'; taskId: number };

const SUPERSEDED = '已被后续提醒取代';

export class YearSimulation {
  readonly db: DataSource;
  readonly sup: SupervisionService;
  readonly calendar: WorkingCalendar;
  private readonly tasks: TasksService;
  private readonly workflow: TaskWorkflowService;
  private readonly evidence: EvidenceService;
  private tz = 'Asia/Shanghai';
  private actors = new Map<number, Actor>();
  private reviewers = new Map<number, Actor>();
  private presidium: Actor[] = [];
  private names = new Map<number, string>();
  private labels = new Map<number, string>();
  private plans = new Map<number, BehaviourPlan>();
  private agenda = new Map<string, Action[]>();
  private reviewed = new Set<number>();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly clock: ManualClock,
  ) {
    this.db = app.get(DataSource);
    this.sup = app.get(SupervisionService);
    this.calendar = app.get(WORKING_CALENDAR);
    this.tasks = app.get(TasksService);
    this.workflow = app.get(TaskWorkflowService);
    this.evidence = app.get(EvidenceService);
  }

  at(day: string, hhmm: string): Date {
    return DateTime.fromISO(`${day}T${hhmm}`, { zone: this.tz }).toJSDate();
  }

  private local(d: Date): string {
    return DateTime.fromJSDate(d, { zone: this.tz }).toFormat('yyyy-MM-dd HH:mm');
  }

  private schedule(day: string, action: Action): void {
    const d = this.calendar.isWorkingDay(day) ? day : this.calendar.nextWorkingDay(day);
    const list = this.agenda.get(d);
    if (list) list.push(action);
    else this.agenda.set(d, [action]);
  }

  private async load(planIds: number[]): Promise<Task[]> {
    const tasks = await this.db.getRepository(Task).find({ where: { planId: In(planIds) }, order: { id: 'ASC' } });
    const orgIds = [...new Set(tasks.map((t) => t.orgId))];
    const orgs = orgIds.length ? await this.db.getRepository(Org).findBy({ id: In(orgIds) }) : [];
    this.tz = orgs[0]?.timeZone ?? this.tz;
    const people = orgIds.length ? await this.db.getRepository(Person).findBy({ orgId: In(orgIds), active: true }) : [];
    const actor = (p: Person): Actor => ({ id: p.id, orgId: p.orgId, unitId: p.unitId, roles: p.roles, name: p.name, tokenId: 0 });
    for (const p of people) {
      this.actors.set(p.id, actor(p));
      this.names.set(p.id, p.email ? `${p.name} <${p.email}>` : p.name);
    }
    this.presidium = people.filter((p) => p.roles.includes('presidium')).map(actor);
    const units = orgIds.length ? await this.db.getRepository(Unit).findBy({ orgId: In(orgIds) }) : [];
    for (const u of units) if (u.headId && this.actors.has(u.headId)) this.reviewers.set(u.id, this.actors.get(u.headId)!);
    const items = new Map((await this.db.getRepository(PlanItem).findBy({ planId: In(planIds) })).map((i) => [i.id, i]));
    for (const t of tasks) this.labels.set(t.id, `${items.get(t.itemId)?.title ?? ''}（${t.label}）`);
    return tasks;
  }

  async run(opts: SimulationOptions): Promise<SimulationResult> {
    const sweepTimes = opts.sweepTimes ?? ['09:00', '18:00'];
    const actionTime = opts.actionTime ?? '14:00';
    const tasks = await this.load(opts.planIds);
    const result: SimulationResult = {
      steps: 0,
      tasks: tasks.length,
      conduct: { 'on-time': 0, late: 0, 'very-late': 0, never: 0 },
      actions: {},
      errors: [],
      sweepInstants: [],
    };
    for (const t of tasks) {
      if (!UNFINISHED_STATUSES.includes(t.status) || opts.idle) continue;
      const plan = planBehaviour(t, opts.seed, this.calendar, { from: opts.from, to: opts.to });
      this.plans.set(t.id, plan);
      result.conduct[plan.conduct]++;
      if (plan.submitDay) this.schedule(plan.submitDay, { type: 'submit', taskId: t.id });
    }
    const days: string[] = [];
    for (let d = opts.from; d <= opts.to; d = addDays(d, 1)) days.push(d);
    for (const [index, day] of days.entries()) {
      let messages = 0;
      let actions = 0;
      const steps: Array<[string, 'sweep' | 'act']> = [...sweepTimes.map((t): [string, 'sweep'] => [t, 'sweep']), [actionTime, 'act']];
      steps.sort((a, b) => a[0].localeCompare(b[0]));
      for (const [hhmm, kind] of steps) {
        const instant = this.at(day, hhmm);
        this.clock.set(instant);
        await this.tasks.openDueWindows();
        if (kind === 'sweep') {
          await this.sup.enqueueSweep(instant);
          await this.sup.waitForIdle(120_000);
          result.sweepInstants.push(instant);
          messages += await this.report(instant, opts.onEntry);
        } else {
          for (const a of this.agenda.get(day) ?? []) {
            actions++;
            try {
              await this.act(a, day, result, opts.onEntry);
            } catch (e) {
              result.errors.push(`${day} ${a.type} 任务 ${a.taskId}：${(e as Error).message}`);
            }
          }
          this.agenda.delete(day);
        }
        result.steps++;
      }
      opts.onDay?.(day, { index, days: days.length, messages, actions });
    }
    return result;
  }

  private async act(a: Action, day: string, result: SimulationResult, onEntry?: (e: TimelineEntry) => void): Promise<void> {
    const task = await this.db.getRepository(Task).findOneByOrFail({ id: a.taskId });
    const plan = this.plans.get(task.id)!;
    const emit = (stage: string, who: Actor) => {
      result.actions[stage] = (result.actions[stage] ?? 0) + 1;
      onEntry?.({
        at: this.clock.now(),
        when: this.local(this.clock.now()),
        stage,
        recipient: this.names.get(who.id) ?? who.name,
        task: this.labels.get(task.id) ?? String(task.id),
        status: 'done',
      });
    };
    if (a.type === 'submit' || a.type === 'resubmit') {
      if (!['scheduled', 'open', 'returned'].includes(task.status)) return;
      const owner = (task.ownerId && this.actors.get(task.ownerId)) || (task.unitId ? this.reviewers.get(task.unitId) : undefined);
      if (!owner) return;
      const { missing } = await this.evidence.list(owner, task.id);
      for (const m of missing) {
        for (let i = m.count; i < m.min; i++) {
          const dto =
            m.kind === '照片'
              ? { url: `https://photos.${'demo.ducha.local'}/task-${task.id}-${i + 1}.jpg`, kind: m.kind }
              : { note: `${m.kind}：${this.labels.get(task.id)}，${day} 已办理（模拟）`, kind: m.kind };
          await this.evidence.add(owner, task.id, dto);
        }
      }
      if (a.type === 'resubmit') await this.evidence.add(owner, task.id, { note: `按审核意见补充说明（${day}）` });
      await this.workflow.submit(owner, task.id, a.type === 'resubmit' ? '已按意见补充' : undefined);
      emit(a.type === 'resubmit' ? 'resubmitted' : 'submitted', owner);
      this.schedule(this.calendar.addWorkingDays(day, plan.reviewAfter), { type: 'review', taskId: task.id });
      return;
    }
    if (task.status !== 'submitted') return;
    const reviewer = (task.unitId ? this.reviewers.get(task.unitId) : undefined) ?? this.presidium[task.id % Math.max(1, this.presidium.length)];
    if (!reviewer) return;
    if (plan.returnFirst && !this.reviewed.has(task.id)) {
      this.reviewed.add(task.id);
      await this.workflow.returnTask(reviewer, task.id, '佐证材料不够具体，请补充活动过程说明');
      emit('returned', reviewer);
      this.schedule(this.calendar.addWorkingDays(day, plan.resubmitAfter), { type: 'resubmit', taskId: task.id });
      return;
    }
    this.reviewed.add(task.id);
    await this.workflow.accept(reviewer, task.id, '审核通过');
    emit('accepted', reviewer);
  }

  /** Timeline entries of one sweep: ledger rows it recorded (not the superseded ones) and presidium alerts; returns messages made. */
  private async report(instant: Date, onEntry?: (e: TimelineEntry) => void): Promise<number> {
    const rows = await this.db.getRepository(Notification).find({ where: { createdAt: instant }, order: { id: 'ASC' } });
    const alerts = await this.db.getRepository(NotificationMessage).find({ where: { createdAt: instant }, order: { id: 'ASC' } });
    if (onEntry) {
      const when = this.local(instant);
      for (const r of rows) {
        if (r.reason === SUPERSEDED) continue;
        onEntry({
          at: instant,
          when,
          stage: r.stage,
          recipient: this.names.get(r.recipientId) ?? String(r.recipientId),
          task: this.labels.get(r.taskId) ?? `任务 ${r.taskId}`,
          status: r.status,
        });
      }
      for (const m of alerts) {
        if (m.kind !== 'presidium-daily') continue;
        // A count since the alert became bounded; a list of task ids in messages made before.
        const listed = m.data?.newlyOverdue as number | number[] | undefined;
        const n = Array.isArray(listed) ? listed.length : (listed ?? 0);
        onEntry({
          at: instant,
          when,
          stage: 'presidium-daily',
          recipient: this.names.get(m.recipientId) ?? String(m.recipientId),
          task: `督查日报：新增逾期 ${n} 项`,
          status: m.status,
        });
      }
    }
    return alerts.length;
  }

  /** Totals from the database: ledger rows per stage and status, messages per kind and status, per person. */
  async totals(planIds: number[]): Promise<Totals> {
    const taskIds = (await this.db.getRepository(Task).find({ where: { planId: In(planIds) }, select: { id: true } })).map((t) => t.id);
    const rows = taskIds.length ? await this.db.getRepository(Notification).find({ where: { taskId: In(taskIds) } }) : [];
    const stages: Totals['stages'] = {};
    const people = new Map<number, { rows: number; messages: number }>();
    for (const r of rows) {
      const g = stageGroup(r.stage);
      const s = (stages[g] ??= { recorded: 0, sent: 0, superseded: 0, skipped: 0, failed: 0, pending: 0 });
      s.recorded++;
      if (r.reason === SUPERSEDED) s.superseded++;
      else s[r.status]++;
      if (r.reason !== SUPERSEDED) {
        const p = people.get(r.recipientId) ?? { rows: 0, messages: 0 };
        p.rows++;
        people.set(r.recipientId, p);
      }
    }
    const orgIds = [...new Set((taskIds.length ? await this.db.getRepository(Task).find({ where: { id: In(taskIds.slice(0, 1)) } }) : []).map((t) => t.orgId))];
    const messages = await this.db.getRepository(NotificationMessage).find({ where: orgIds.length ? { orgId: In(orgIds) } : { id: Not(IsNull()) } });
    const kinds: Totals['messages'] = {};
    for (const m of messages) {
      const k = (kinds[m.kind] ??= { sent: 0, skipped: 0, failed: 0, pending: 0 });
      k[m.status]++;
      if (m.status === 'sent') {
        const p = people.get(m.recipientId) ?? { rows: 0, messages: 0 };
        p.messages++;
        people.set(m.recipientId, p);
      }
    }
    return {
      stages,
      messages: kinds,
      people: [...people.entries()]
        .map(([id, v]) => ({ id, name: this.names.get(id) ?? String(id), ...v }))
        .sort((a, b) => b.messages - a.messages || a.id - b.id),
    };
  }

  /** Replays the pure policy over the tasks' final timelines (audit trail) at the sweep instants. */
  async predicted(planIds: number[], sweeps: Date[]): Promise<Set<string>> {
    const tasks = await this.db.getRepository(Task).find({ where: { planId: In(planIds) }, order: { id: 'ASC' } });
    if (!tasks.length) return new Set();
    const events = await this.db
      .getRepository(AuditEvent)
      .find({ where: { taskId: In(tasks.map((t) => t.id)), toStatus: Not(IsNull()) }, order: { at: 'ASC', id: 'ASC' } });
    const byTask = new Map<number, PredictTask['timeline']>();
    for (const e of events) {
      const list = byTask.get(e.taskId!) ?? [];
      list.push({ at: e.at, status: e.toStatus as TaskStatus });
      byTask.set(e.taskId!, list);
    }
    const orgId = tasks[0].orgId;
    const units = await this.db.getRepository(Unit).findBy({ orgId });
    const presidium = (await this.db.getRepository(Person).findBy({ orgId, active: true })).filter((p) => p.roles.includes('presidium')).map((p) => p.id);
    const org = await this.db.getRepository(Org).findOneByOrFail({ id: orgId });
    return predictLedger(
      tasks.map((t) => ({
        id: t.id,
        startDay: t.startDay,
        dueDay: t.dueDay,
        dueAt: t.dueAt,
        graceUntilDay: t.graceUntilDay,
        ownerId: t.ownerId,
        unitId: t.unitId,
        timeline: byTask.get(t.id) ?? [],
      })),
      {
        sweeps,
        calendar: this.calendar,
        policy: await this.sup.policyFor(orgId),
        tz: org.timeZone,
        unitHeads: new Map(units.map((u) => [u.id, u.headId])),
        presidium,
      },
    );
  }

  /** The ledger's (task, stage, recipient) keys for the plans, with how often each occurs. */
  async recorded(planIds: number[]): Promise<Map<string, number>> {
    const taskIds = (await this.db.getRepository(Task).find({ where: { planId: In(planIds) }, select: { id: true } })).map((t) => t.id);
    const rows = taskIds.length
      ? await this.db.getRepository(Notification).find({ where: { taskId: In(taskIds) }, select: { taskId: true, stage: true, recipientId: true } })
      : [];
    const out = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.taskId}|${r.stage}|${r.recipientId}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    return out;
  }
}

export interface Totals {
  stages: Record<string, { recorded: number; sent: number; superseded: number; skipped: number; failed: number; pending: number }>;
  messages: Record<string, { sent: number; skipped: number; failed: number; pending: number }>;
  people: Array<{ id: number; name: string; rows: number; messages: number }>;
}
