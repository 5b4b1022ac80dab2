import type { WorkingCalendar } from '../schedule/index.js';
import { localDay } from '../schedule/index.js';
import { UNFINISHED_STATUSES, type TaskStatus } from './task.entity.js';

export const LIGHTS = ['red', 'yellow', 'green'] as const;
export type Light = (typeof LIGHTS)[number];

export interface TaskTiming {
  status: TaskStatus;
  dueAt: Date;
  dueDay: string;
}

/** Overdue is derived, never stored: past the due instant and not submitted, done or cancelled. */
export function isOverdue(task: Pick<TaskTiming, 'status' | 'dueAt'>, now: Date): boolean {
  return UNFINISHED_STATUSES.includes(task.status) && now.getTime() > task.dueAt.getTime();
}

/** Calendar days past the due day, in the org's zone; 0 when not overdue. */
export function daysOverdue(task: TaskTiming, now: Date, tz: string): number {
  if (!isOverdue(task, now)) return 0;
  const today = Date.parse(`${localDay(now, tz)}T00:00:00Z`);
  const due = Date.parse(`${task.dueDay}T00:00:00Z`);
  return Math.max(1, Math.round((today - due) / 86_400_000));
}

/**
 * Traffic light: red = overdue; yellow = unfinished and due within `yellowWorkingDays` working
 * days (counted on the org's calendar); green otherwise, including everything submitted or done.
 */
export function taskLight(task: TaskTiming, now: Date, tz: string, calendar: WorkingCalendar, yellowWorkingDays: number): Light {
  if (isOverdue(task, now)) return 'red';
  if (!UNFINISHED_STATUSES.includes(task.status)) return 'green';
  const today = localDay(now, tz);
  if (task.dueDay <= today) return 'yellow';
  return calendar.workingDaysBetween(today, task.dueDay) <= yellowWorkingDays ? 'yellow' : 'green';
}
