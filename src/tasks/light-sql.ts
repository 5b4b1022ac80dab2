import type { WorkingCalendar } from '../schedule/index.js';
import { localDay } from '../schedule/index.js';
import type { Light } from './task-light.js';
import { UNFINISHED_STATUSES } from './task.entity.js';

/**
 * The traffic light of task-light.ts as two numbers the database can compare with: a task is red when
 * unfinished and due_at < now; yellow when unfinished, not red and due_day < yellowBefore; green
 * otherwise. yellowBefore is the (N+1)-th working day after today: taskLight's "due within N working
 * days" (working days in (today, due] ≤ N) holds exactly for the days before it.
 */
export interface LightBounds {
  now: number;
  today: string;
  yellowBefore: string;
}

export function lightBounds(now: Date, tz: string, calendar: WorkingCalendar, yellowWorkingDays: number): LightBounds {
  const today = localDay(now, tz);
  return { now: now.getTime(), today, yellowBefore: calendar.addWorkingDays(today, yellowWorkingDays + 1) };
}

const UNFINISHED = UNFINISHED_STATUSES.map((s) => `'${s}'`).join(', ');

/** The unfinished statuses as a SQL list (constants, so the statement text never varies with them). */
export const UNFINISHED_SQL = UNFINISHED;

/** Parameters the expressions below refer to. */
export const lightParams = (b: LightBounds): Record<string, unknown> => ({ lightNow: b.now, lightYellowBefore: b.yellowBefore });

/** A SQL CASE giving 'red' / 'yellow' / 'green' for the task alias `t`. */
export const LIGHT_CASE = `CASE WHEN t.status IN (${UNFINISHED}) AND t.due_at < :lightNow THEN 'red' WHEN t.status IN (${UNFINISHED}) AND t.due_day < :lightYellowBefore THEN 'yellow' ELSE 'green' END`;

/** A WHERE fragment selecting one light, for the task alias `t`. */
export function lightCondition(light: Light): string {
  if (light === 'red') return `(t.status IN (${UNFINISHED}) AND t.due_at < :lightNow)`;
  if (light === 'yellow') return `(t.status IN (${UNFINISHED}) AND t.due_at >= :lightNow AND t.due_day < :lightYellowBefore)`;
  return `(t.status NOT IN (${UNFINISHED}) OR (t.due_at >= :lightNow AND t.due_day >= :lightYellowBefore))`;
}

/** The same decision in JS, from the bounds (what the SQL computes), for specs and row mapping. */
export function lightFromBounds(t: { status: string; dueAt: number; dueDay: string }, b: LightBounds): Light {
  const unfinished = (UNFINISHED_STATUSES as string[]).includes(t.status);
  if (unfinished && t.dueAt < b.now) return 'red';
  if (unfinished && t.dueDay < b.yellowBefore) return 'yellow';
  return 'green';
}

/**
 * task-light.ts daysOverdue from the bounds (their `today` is the org's local day at `now`): the
 * list's rows then need no zone conversion each (luxon's was ~4% of the list route, #14).
 */
export function daysOverdueFromBounds(t: { status: string; dueAt: Date; dueDay: string }, b: LightBounds): number {
  if (!(UNFINISHED_STATUSES as string[]).includes(t.status) || !(b.now > t.dueAt.getTime())) return 0;
  const today = Date.parse(`${b.today}T00:00:00Z`);
  const due = Date.parse(`${t.dueDay}T00:00:00Z`);
  return Math.max(1, Math.round((today - due) / 86_400_000));
}
