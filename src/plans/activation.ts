/**
 * Activation without a flood (pure). A plan entered mid-year, or last year's plan, has tasks that
 * are already past due when it is activated; they were not ignored, the system simply did not know
 * them. The office chooses per activation:
 *   - `grace` (default): the chase — overdue notice, then escalation — counts from N working days
 *     after activation instead of from the due day;
 *   - `record` (补录): they are recorded as done, with a note, audited.
 * `previewMessages` replays the reminder policy over the first week at the year simulation's sweep
 * times to say how many messages would go out, before or after activating.
 */
import { addDays, localDay, type WorkingCalendar } from '../schedule/index.js';
import { notificationsDue, presidiumAlertAt, type RecipientRole, type SendableCache, type SupervisionPolicy } from '../supervision/policy.js';
import { UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';

export type PastDueChoice = 'grace' | 'record';

export interface PreviewTask {
  id: number;
  status: TaskStatus;
  startDay: string;
  dueDay: string;
  dueAt: Date;
  graceUntilDay: string | null;
  ownerId: number | null;
  unitId: number | null;
}

export interface PreviewContext {
  now: Date;
  tz: string;
  calendar: WorkingCalendar;
  policy: SupervisionPolicy;
  unitHeads: Map<number, number | null>;
  presidium: number[];
  /** The year simulation's sweeps: 09:00 and 18:00 local; the first one is the tick right after activation (now). */
  sweepTimes?: string[];
  days?: number;
  /** supervision.catchUpHorizonHours, in ms: how far back the daily alert looks for newly overdue tasks. */
  horizonMs: number;
}

export interface MessagePreview {
  /** Messages from now to the end of today (local). */
  today: number;
  /** Messages in the first seven days, today included. */
  firstWeek: number;
  /** Per day: personal digests and presidium daily alerts. */
  days: Array<{ day: string; digests: number; presidiumAlerts: number }>;
}

/** The local day on which a grace of `workingDays` ends, counted from `today`. */
export function graceEndDay(today: string, workingDays: number, calendar: WorkingCalendar): string {
  return workingDays > 0 ? calendar.addWorkingDays(today, workingDays) : today;
}

function at(day: string, hhmm: string, tz: string): Date {
  // Same construction as the policy's atTime (luxon via presidiumAlertAt), for any HH:mm.
  return presidiumAlertAt(day, tz, { presidiumAlertTime: hhmm } as SupervisionPolicy);
}

/**
 * Messages the sweep would send for these tasks over the first days, nobody acting meanwhile: one
 * digest per person per sweep that records something new for them (the latest stage per person is
 * the one sent, as in the sweep), and one daily alert per presidium member on working days at the
 * alert time when they have escalations or newly overdue tasks (not those in grace).
 */
export function previewMessages(tasks: PreviewTask[], ctx: PreviewContext): MessagePreview {
  const days = ctx.days ?? 7;
  const times = ctx.sweepTimes ?? ['09:00', '18:00'];
  const today = localDay(ctx.now, ctx.tz);
  const sweeps: Date[] = [ctx.now];
  for (let i = 0; i < days; i++) {
    const d = addDays(today, i);
    for (const t of times) {
      const s = at(d, t, ctx.tz);
      if (s.getTime() > ctx.now.getTime()) sweeps.push(s);
    }
  }
  const recipients = (task: PreviewTask, role: RecipientRole): number[] =>
    role === 'owner'
      ? task.ownerId
        ? [task.ownerId]
        : []
      : role === 'unitHead'
        ? task.unitId && ctx.unitHeads.get(task.unitId)
          ? [ctx.unitHeads.get(task.unitId)!]
          : []
        : ctx.presidium;
  const sendable: SendableCache = new Map();
  const recorded = new Set<string>();
  const presidiumPending = new Set<number>();
  const alerted = new Set<string>();
  let lastAlert: number | null = null;
  const perDay = new Map<string, { digests: number; presidiumAlerts: number }>();
  const bump = (day: string, k: 'digests' | 'presidiumAlerts', n: number) => {
    const e = perDay.get(day) ?? { digests: 0, presidiumAlerts: 0 };
    e[k] += n;
    perDay.set(day, e);
  };
  for (const [k, s] of sweeps.entries()) {
    const day = localDay(s, ctx.tz);
    const digestFor = new Set<number>();
    for (const task of tasks) {
      const { due } = notificationsDue(task, s, ctx.calendar, ctx.policy, ctx.tz, undefined, sendable);
      const latest = new Map<number, number>();
      for (const d of due) for (const role of d.roles) for (const r of recipients(task, role)) latest.set(r, Math.max(latest.get(r) ?? -1, d.rank));
      for (const d of due) {
        for (const role of d.roles) {
          for (const r of recipients(task, role)) {
            const key = `${task.id}|${d.stage}|${r}`;
            if (recorded.has(key)) continue;
            recorded.add(key);
            if (latest.get(r) !== d.rank) continue;
            if (role === 'presidium') presidiumPending.add(r);
            else digestFor.add(r);
          }
        }
      }
    }
    bump(day, 'digests', digestFor.size);
    if (!ctx.presidium.length || alerted.has(day)) continue;
    if (!ctx.policy.sendOnNonWorkingDays && !ctx.calendar.isWorkingDay(day)) continue;
    const alertAt = presidiumAlertAt(day, ctx.tz, ctx.policy);
    if (s.getTime() < alertAt.getTime()) continue;
    alerted.add(day);
    // As the sweep: since the previous alert, or the horizon before the previous sweep, at most a day more.
    const since = Math.max(lastAlert ?? 0, (k > 0 ? sweeps[k - 1] : s).getTime() - ctx.horizonMs, s.getTime() - ctx.horizonMs - 86_400_000);
    lastAlert = alertAt.getTime();
    const fresh = tasks.some(
      (t) =>
        UNFINISHED_STATUSES.includes(t.status) && t.dueAt.getTime() >= since && t.dueAt.getTime() < s.getTime() && !(t.graceUntilDay && t.graceUntilDay >= day),
    );
    const n = ctx.presidium.filter((p) => fresh || presidiumPending.has(p)).length;
    for (const p of ctx.presidium) presidiumPending.delete(p);
    bump(day, 'presidiumAlerts', n);
  }
  const list = [...Array(days).keys()].map((i) => {
    const day = addDays(today, i);
    return { day, ...(perDay.get(day) ?? { digests: 0, presidiumAlerts: 0 }) };
  });
  const total = (e: { digests: number; presidiumAlerts: number }) => e.digests + e.presidiumAlerts;
  return { today: total(list[0]), firstWeek: list.reduce((n, e) => n + total(e), 0), days: list };
}
