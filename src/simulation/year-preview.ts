/**
 * The year's messages per person per month, before a plan is activated (pure): what the sweep of
 * the year simulation would send for these tasks, nobody acting on them (the most the year can send:
 * every task that nobody submits runs the whole ladder). Same rules as `previewMessages` (the
 * first-week replay in plans/activation.ts), worked out per task instead of replaying every sweep:
 * each stage of a task falls due once, at the first sweep at or after its instant, so a task's
 * timeline is computed once and its stages are bucketed to sweeps by binary search. 500 tasks over a
 * year take milliseconds where the replay evaluated the policy 730 times per task.
 *
 * Rules, as the sweep applies them:
 *   - at a sweep, a person gets one digest if some task records a stage for them that is the latest
 *     (highest rank) of that task's stages due for them then; earlier ones are superseded;
 *   - stages addressed to the presidium wait for its daily alert (working days, at the alert time),
 *     which also goes out when tasks became overdue since the previous alert (not those in grace).
 */
import { DateTime } from 'luxon';
import type { PreviewContext, PreviewTask } from '../plans/activation.js';
import { addDays, localDay, startOfDay, type WorkingCalendar } from '../schedule/index.js';
import { stageTimeline, type RecipientRole, type SendableCache, type StageDue, type SupervisionPolicy } from '../supervision/policy.js';
import { UNFINISHED_STATUSES } from '../tasks/task.entity.js';

/** The first-week preview's context (plans/activation.ts), over the days up to `to` instead of a count of days. */
export interface YearPreviewContext extends Omit<PreviewContext, 'days'> {
  /** The last local day covered (inclusive), e.g. the plan year's 31 December. */
  to: string;
}

export interface PersonMonths {
  personId: number;
  /** Messages per month, in the order of `months`. */
  months: number[];
  total: number;
  /** Of which digests (reminders, overdue notices, escalations to them) and presidium daily alerts. */
  digests: number;
  presidiumAlerts: number;
}

export interface YearMessages {
  /** Local days covered: activation day to `to`. */
  from: string;
  to: string;
  /** "YYYY-MM", every month from `from` to `to`. */
  months: string[];
  /** Everyone who would get something, most messages first (then by id). */
  people: PersonMonths[];
  /** All messages per month. */
  perMonth: number[];
  total: number;
  /** Per day with something sent: digests and presidium alerts (the first week agrees with `previewMessages`). */
  days: Array<{ day: string; digests: number; presidiumAlerts: number }>;
}

/**
 * Local "HH:mm" of a local day as an instant. From the day's midnight (cached per zone and day by
 * the schedule module) when the day is 24 hours long; through luxon on a DST change. A zone
 * conversion costs ~50 µs: a year of sweeps, alerts and send times would spend most of the preview on them.
 */
function atLocal(day: string, hhmm: string, tz: string): number {
  const start = startOfDay(day, tz).getTime();
  if (startOfDay(addDays(day, 1), tz).getTime() - start !== 86_400_000) return DateTime.fromISO(`${day}T${hhmm}`, { zone: tz }).toMillis();
  const [h, m] = hhmm.split(':').map(Number);
  return start + (h * 60 + m) * 60_000;
}

/** The sweep instants with their local days: now, then each day's sweep times after now, up to `to`. */
function sweepList(now: Date, to: string, tz: string, times: string[] = ['09:00', '18:00']): { at: number[]; day: string[] } {
  const today = localDay(now, tz);
  const out = { at: [now.getTime()], day: [today] };
  const sorted = [...times].sort();
  for (let d = today; d <= to; d = addDays(d, 1)) {
    for (const t of sorted) {
      const s = atLocal(d, t, tz);
      if (s > now.getTime()) {
        out.at.push(s);
        out.day.push(d);
      }
    }
  }
  return out;
}

/** The sweep instants: now, then each day's sweep times after now, up to `to`. */
export function sweepInstants(now: Date, to: string, tz: string, times?: string[]): number[] {
  return sweepList(now, to, tz, times).at;
}

/**
 * firstSendable per local day, kept across calls per calendar (it never changes) and per the
 * policy's send-time fields and zone; bounded.
 */
const sendableStore = new WeakMap<WorkingCalendar, Map<string, SendableCache>>();
function sendableCache(calendar: WorkingCalendar, policy: SupervisionPolicy, tz: string): SendableCache {
  let byKey = sendableStore.get(calendar);
  if (!byKey) sendableStore.set(calendar, (byKey = new Map()));
  const key = JSON.stringify([tz, policy.sendTime, policy.quietStart, policy.quietEnd, policy.sendOnNonWorkingDays]);
  let cache = byKey.get(key);
  if (!cache || cache.size > 20_000) {
    if (byKey.size > 50) byKey.clear();
    byKey.set(key, (cache = new Map()));
  }
  return cache;
}

/** Index of the first sweep at or after `ms` (sweeps.length when none). */
function firstAtOrAfter(sweeps: number[], ms: number): number {
  let lo = 0;
  let hi = sweeps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sweeps[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function yearMessages(tasks: PreviewTask[], ctx: YearPreviewContext): YearMessages {
  const from = localDay(ctx.now, ctx.tz);
  const to = ctx.to < from ? from : ctx.to;
  const { at: sweeps, day: sweepDay } = sweepList(ctx.now, to, ctx.tz, ctx.sweepTimes);
  const last = new Date(sweeps[sweeps.length - 1]);
  // Per sweep: who gets a digest, and which presidium members have escalations waiting for the alert.
  const digestAt: Array<Set<number> | undefined> = new Array(sweeps.length);
  const pendingAt: Array<Set<number> | undefined> = new Array(sweeps.length);
  const add = (list: Array<Set<number> | undefined>, k: number, r: number) => (list[k] ??= new Set()).add(r);
  const memo = new Map<string, StageDue[]>();
  const sendable = sendableCache(ctx.calendar, ctx.policy, ctx.tz);

  for (const task of tasks) {
    if (!UNFINISHED_STATUSES.includes(task.status)) continue;
    const key = `${task.startDay}|${task.dueDay}|${task.dueAt.getTime()}|${task.graceUntilDay ?? ''}`;
    let stages = memo.get(key);
    if (!stages) memo.set(key, (stages = stageTimeline(task, last, ctx.calendar, ctx.policy, ctx.tz, sendable)));
    const head = task.unitId ? ctx.unitHeads.get(task.unitId) : null;
    const recipients = (role: RecipientRole): number[] =>
      role === 'owner' ? (task.ownerId ? [task.ownerId] : []) : role === 'unitHead' ? (head ? [head] : []) : ctx.presidium;
    // (recipient) → entries (sweep index, rank, role), each stage recorded once per recipient, by its first role.
    const byRecipient = new Map<number, Array<{ k: number; rank: number; role: RecipientRole }>>();
    for (const s of stages) {
      const k = firstAtOrAfter(sweeps, s.at.getTime());
      if (k >= sweeps.length) continue;
      const many = s.roles.length > 1;
      const seen = many ? new Set<number>() : null;
      for (const role of s.roles) {
        for (const r of recipients(role)) {
          if (seen) {
            if (seen.has(r)) continue;
            seen.add(r);
          }
          let list = byRecipient.get(r);
          if (!list) byRecipient.set(r, (list = []));
          list.push({ k, rank: s.rank, role });
        }
      }
    }
    for (const [r, list] of byRecipient) {
      list.sort((a, b) => a.k - b.k || a.rank - b.rank);
      let max = -1;
      for (let i = 0; i < list.length;) {
        const k = list[i].k;
        let j = i;
        while (j < list.length && list[j].k === k) max = Math.max(max, list[j++].rank);
        // The stages first due at sweep k: the one that is the latest due for r is sent.
        for (let x = i; x < j; x++) {
          if (list[x].rank !== max) continue;
          add(list[x].role === 'presidium' ? pendingAt : digestAt, k, r);
        }
        i = j;
      }
    }
  }

  // Newly overdue tasks for the presidium's alert, by due instant.
  const overdue = tasks
    .filter((t) => UNFINISHED_STATUSES.includes(t.status))
    .map((t) => ({ at: t.dueAt.getTime(), grace: t.graceUntilDay }))
    .sort((a, b) => a.at - b.at);
  const dueAts = overdue.map((o) => o.at);

  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addDays(`${m}-28`, 7).slice(0, 7)) months.push(m);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const people = new Map<number, PersonMonths>();
  const perDay = new Map<string, { digests: number; presidiumAlerts: number }>();
  const count = (r: number, day: string, kind: 'digests' | 'presidiumAlerts') => {
    let p = people.get(r);
    if (!p) people.set(r, (p = { personId: r, months: months.map(() => 0), total: 0, digests: 0, presidiumAlerts: 0 }));
    p.months[monthIndex.get(day.slice(0, 7))!]++;
    p.total++;
    p[kind]++;
    const d = perDay.get(day) ?? { digests: 0, presidiumAlerts: 0 };
    d[kind]++;
    perDay.set(day, d);
  };

  const pending = new Set<number>();
  const alerted = new Set<string>();
  let lastAlert: number | null = null;
  for (let k = 0; k < sweeps.length; k++) {
    const s = sweeps[k];
    const day = sweepDay[k];
    for (const r of digestAt[k] ?? []) count(r, day, 'digests');
    for (const r of pendingAt[k] ?? []) pending.add(r);
    if (!ctx.presidium.length || alerted.has(day)) continue;
    if (!ctx.policy.sendOnNonWorkingDays && !ctx.calendar.isWorkingDay(day)) continue;
    const alertAt = atLocal(day, ctx.policy.presidiumAlertTime, ctx.tz); // presidiumAlertAt
    if (s < alertAt) continue;
    alerted.add(day);
    // As the sweep: since the previous alert, or the horizon before the previous sweep, at most a day more.
    const since = Math.max(lastAlert ?? 0, (k > 0 ? sweeps[k - 1] : s) - ctx.horizonMs, s - ctx.horizonMs - 86_400_000);
    lastAlert = alertAt;
    let fresh = false;
    for (let i = firstAtOrAfter(dueAts, since); i < overdue.length && overdue[i].at < s; i++) {
      if (!(overdue[i].grace && overdue[i].grace! >= day)) {
        fresh = true;
        break;
      }
    }
    for (const p of ctx.presidium) if (fresh || pending.has(p)) count(p, day, 'presidiumAlerts');
    pending.clear();
  }

  const list = [...people.values()].sort((a, b) => b.total - a.total || a.personId - b.personId);
  const perMonth = months.map((_, i) => list.reduce((n, p) => n + p.months[i], 0));
  return {
    from,
    to,
    months,
    people: list,
    perMonth,
    total: perMonth.reduce((a, b) => a + b, 0),
    days: [...perDay.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([day, v]) => ({ day, ...v })),
  };
}
