import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../schedule/index.js';
import { addDays, localDay } from '../schedule/index.js';
import { UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';

/**
 * Reminder and escalation policy: a pure function from (task, now, calendar, policy) to the
 * notifications that are due. No Nest, no database, no clock: the sweep and the specs call it
 * with whatever instant they like.
 */

export type RecipientRole = 'owner' | 'unitHead' | 'presidium';

export interface SupervisionPolicy {
  /** Working days before the due day on which the owner is reminded (default 5 and 1). */
  reminderWorkingDaysBefore: number[];
  /** Remind the owner on the day the window opens. */
  remindOnWindowOpen: boolean;
  /** Local time of day ("HH:mm") at which day-based notifications fall due. */
  sendTime: string;
  /** Owner notice on the first working day after the due day. */
  overdueNotice: boolean;
  /** Level 1 (owner + unit head) after this many working days overdue. */
  level1AfterWorkingDays: number;
  /** Level 2 (presidium) after this many working days overdue. */
  level2AfterWorkingDays: number;
  /** Level 2 repeats every this many calendar days while overdue (0 = never). */
  level2RepeatDays: number;
  /** No sends from quietStart to quietEnd, local time ("HH:mm"). */
  quietStart: string;
  quietEnd: string;
  /** Send on weekends and holidays too (otherwise held to the next working day). */
  sendOnNonWorkingDays: boolean;
  /** Local time of the presidium's daily alert, on working days. */
  presidiumAlertTime: string;
}

export const DEFAULT_POLICY: SupervisionPolicy = {
  reminderWorkingDaysBefore: [5, 1],
  remindOnWindowOpen: true,
  sendTime: '09:00',
  overdueNotice: true,
  level1AfterWorkingDays: 2,
  level2AfterWorkingDays: 3,
  level2RepeatDays: 7,
  quietStart: '20:00',
  quietEnd: '08:00',
  sendOnNonWorkingDays: false,
  presidiumAlertTime: '09:00',
};

/** Reminders come before the due instant; the chase comes after it. Latest stage of a family wins. */
export type StageFamily = 'reminder' | 'chase';

export interface StageDue {
  /** window-open, before-5, before-1, overdue, escalate-1, escalate-2, escalate-2-w2, … */
  stage: string;
  family: StageFamily;
  /** Orders stages: a later stage supersedes an earlier one for the same recipient. */
  rank: number;
  /** The instant the stage became (or becomes) due, after quiet hours. */
  at: Date;
  /** Escalation level the task reaches with this stage (0 for reminders and the overdue notice). */
  level: number;
  roles: RecipientRole[];
}

export interface PolicyTask {
  status: TaskStatus;
  startDay: string;
  dueDay: string;
  dueAt: Date;
  /**
   * Set when a plan was activated with this task already past due and the office chose a grace
   * period: the chase (overdue notice, escalations) counts from this local day instead of the due day.
   */
  graceUntilDay?: string | null;
}

export interface PolicyResult {
  /** Every stage whose instant is at or before now (the ledger makes re-reporting harmless). */
  due: StageDue[];
  /** The next instant something falls due, or null when nothing ever will. */
  next: Date | null;
}

function atTime(day: string, hhmm: string, tz: string): Date {
  return DateTime.fromISO(`${day}T${hhmm}`, { zone: tz }).toJSDate();
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The first instant at or after `instant` at which sending is allowed (quiet hours, non-working days). */
export function firstSendable(instant: Date, tz: string, calendar: WorkingCalendar, policy: SupervisionPolicy): Date {
  let at = instant;
  for (let guard = 0; guard < 400; guard++) {
    const day = localDay(at, tz);
    if (!policy.sendOnNonWorkingDays && !calendar.isWorkingDay(day)) {
      at = atTime(calendar.nextWorkingDay(day), policy.quietEnd, tz);
      continue;
    }
    const local = DateTime.fromJSDate(at, { zone: tz });
    const m = local.hour * 60 + local.minute;
    const start = minutes(policy.quietStart);
    const end = minutes(policy.quietEnd);
    const quiet = start > end ? m >= start || m < end : m >= start && m < end;
    if (!quiet) return at;
    // Inside quiet hours: move to quietEnd, today if before it, else tomorrow.
    at = m < end ? atTime(day, policy.quietEnd, tz) : atTime(addDays(day, 1), policy.quietEnd, tz);
  }
  return at;
}

const REMINDER_RANK = 100; // before-N ranks 100 - N; window-open ranks 0
const CHASE_RANK = 1000;

/**
 * Memo of stage timelines for one sweep run. Tasks that share (policy, zone, window, due day, due
 * instant) share their timeline — monthly tasks mostly do — so it is worked out once per run. The
 * memo is only valid for one `now` (the weekly repeats are generated up to it) and is keyed by it.
 */
export type TimelineMemo = WeakMap<SupervisionPolicy, Map<string, readonly StageDue[]>>;
export const timelineMemo = (): TimelineMemo => new WeakMap();

/**
 * Local day → the instant its day-based notifications may go out (sendTime moved past quiet hours
 * and non-working days). Valid for one (calendar, policy, zone): the year preview keeps one per call,
 * so a year of weekly repeats costs one zone conversion per day instead of several per stage.
 */
export type SendableCache = Map<string, number>;

/**
 * Every stage of a task with this window and due day, in generation order: the reminders, the
 * overdue notice, the escalations, and level 2's repeats up to the first one after `now`.
 * Pure; the result does not depend on the task's status.
 */
export function stageTimeline(
  task: Omit<PolicyTask, 'status'>,
  now: Date,
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
  tz: string,
  cache?: SendableCache,
): StageDue[] {
  const stages: StageDue[] = [];
  const sendable = (day: string): Date => {
    if (!cache) return firstSendable(atTime(day, policy.sendTime, tz), tz, calendar, policy);
    let ms = cache.get(day);
    if (ms === undefined) cache.set(day, (ms = firstSendable(atTime(day, policy.sendTime, tz), tz, calendar, policy).getTime()));
    return new Date(ms);
  };
  const dueInstant = task.dueAt.getTime();

  if (policy.remindOnWindowOpen && task.startDay < task.dueDay) {
    stages.push({ stage: 'window-open', family: 'reminder', rank: 0, at: sendable(task.startDay), level: 0, roles: ['owner'] });
  }
  const reminderDays = new Set<string>();
  for (const n of [...policy.reminderWorkingDaysBefore].sort((a, b) => a - b)) {
    const day = calendar.addWorkingDays(task.dueDay, -n);
    // Before the window opens the window-open notice covers it; two offsets on one day send once.
    if (day < task.startDay || reminderDays.has(day)) continue;
    reminderDays.add(day);
    const at = sendable(day);
    if (at.getTime() > dueInstant) continue;
    stages.push({ stage: `before-${n}`, family: 'reminder', rank: REMINDER_RANK - n, at, level: 0, roles: ['owner'] });
  }
  // The chase counts from the due day, or from the end of an activation grace period.
  const chaseFrom = task.graceUntilDay && task.graceUntilDay > task.dueDay ? task.graceUntilDay : task.dueDay;
  const firstAfter = calendar.nextWorkingDay(addDays(chaseFrom, 1));
  if (policy.overdueNotice) stages.push({ stage: 'overdue', family: 'chase', rank: CHASE_RANK, at: sendable(firstAfter), level: 0, roles: ['owner'] });
  if (policy.level1AfterWorkingDays > 0) {
    const day = calendar.addWorkingDays(chaseFrom, policy.level1AfterWorkingDays);
    stages.push({ stage: 'escalate-1', family: 'chase', rank: CHASE_RANK + 1, at: sendable(day), level: 1, roles: ['owner', 'unitHead'] });
  }
  if (policy.level2AfterWorkingDays > 0) {
    const first = calendar.addWorkingDays(chaseFrom, policy.level2AfterWorkingDays);
    stages.push({ stage: 'escalate-2', family: 'chase', rank: CHASE_RANK + 2, at: sendable(first), level: 2, roles: ['presidium'] });
    // Weekly (or as configured) while overdue: generate until one lies in the future.
    for (let k = 2; policy.level2RepeatDays > 0; k++) {
      const at = sendable(addDays(first, policy.level2RepeatDays * (k - 1)));
      stages.push({ stage: `escalate-2-w${k}`, family: 'chase', rank: CHASE_RANK + 1 + k, at, level: 2, roles: ['presidium'] });
      if (at.getTime() > now.getTime()) break;
    }
  }
  return stages;
}

/**
 * The stages of one task: due ones (at <= now) and the next instant. Nothing for a task that is
 * submitted, done or cancelled. Stages are computed against the task's current due day, so an
 * extension (new dueAt) re-arms the reminders: the ledger keys them by due day too.
 * With a memo (one per sweep run), tasks sharing a timeline share its computation; the returned
 * StageDue objects are then shared too and must not be mutated.
 */
export function notificationsDue(
  task: PolicyTask,
  now: Date,
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
  tz: string,
  memo?: TimelineMemo,
  sendable?: SendableCache,
): PolicyResult {
  if (!UNFINISHED_STATUSES.includes(task.status)) return { due: [], next: null };
  let stages: readonly StageDue[];
  if (memo) {
    let byKey = memo.get(policy);
    if (!byKey) memo.set(policy, (byKey = new Map()));
    const key = `${tz}|${now.getTime()}|${task.startDay}|${task.dueDay}|${task.dueAt.getTime()}|${task.graceUntilDay ?? ''}`;
    let hit = byKey.get(key);
    if (!hit) byKey.set(key, (hit = stageTimeline(task, now, calendar, policy, tz, sendable)));
    stages = hit;
  } else {
    stages = stageTimeline(task, now, calendar, policy, tz, sendable);
  }
  const nowMs = now.getTime();
  const due: StageDue[] = [];
  let next: Date | null = null;
  for (const s of stages) {
    if (s.at.getTime() <= nowMs) due.push(s);
    else if (!next || s.at.getTime() < next.getTime()) next = s.at;
  }
  due.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank);
  return { due, next: next && memo ? new Date(next.getTime()) : next };
}

/** The instants of the presidium's daily alert: `presidiumAlertTime` on working days. */
export function presidiumAlertAt(day: string, tz: string, policy: SupervisionPolicy): Date {
  return atTime(day, policy.presidiumAlertTime, tz);
}

/** Deep-merges an org's overrides over the configured policy; unknown keys are ignored. */
export function mergePolicy(base: SupervisionPolicy, override: Partial<SupervisionPolicy> | null | undefined): SupervisionPolicy {
  const out = { ...base };
  for (const key of Object.keys(base) as Array<keyof SupervisionPolicy>) {
    const v = override?.[key];
    if (v !== undefined && v !== null && typeof v === typeof base[key])
      (out as Record<string, unknown>)[key] = Array.isArray(base[key]) ? [...(v as number[])] : v;
  }
  return out;
}
