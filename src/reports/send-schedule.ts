/** When a quarter's report is due out: pure, so the tick, the catch-up and the specs agree. */
import { DateTime } from 'luxon';
import { addDays, type WorkingCalendar } from '../schedule/index.js';
import { quarterBounds } from './quarter.js';
import type { Quarter } from './types.js';

/** The first working day after the quarter ends, at `sendTime` (HH:mm) in the org's zone. */
export function reportSendAt(year: number, quarter: Quarter, tz: string, calendar: WorkingCalendar, sendTime: string): { day: string; at: Date } {
  let day = addDays(quarterBounds(year, quarter).endDay, 1);
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return { day, at: DateTime.fromISO(`${day}T${sendTime}`, { zone: tz }).toJSDate() };
}

/** The quarter that ended last before `now` (in the zone). */
export function previousQuarter(now: Date, tz: string): { year: number; quarter: Quarter } {
  const local = DateTime.fromJSDate(now, { zone: tz });
  const q = Math.floor((local.month - 1) / 3) + 1;
  return q === 1 ? { year: local.year - 1, quarter: 4 } : { year: local.year, quarter: (q - 1) as Quarter };
}

/**
 * The quarter whose report should go out at `now`, or null: its send instant has passed and lies
 * within `catchUpDays` (so a process that was down on the day still sends, but a fresh install does
 * not mail last year's reports).
 */
export function quarterDue(
  now: Date,
  tz: string,
  calendar: WorkingCalendar,
  sendTime: string,
  catchUpDays: number,
): { year: number; quarter: Quarter; at: Date } | null {
  const { year, quarter } = previousQuarter(now, tz);
  const { at } = reportSendAt(year, quarter, tz, calendar, sendTime);
  if (now.getTime() < at.getTime() || now.getTime() - at.getTime() > catchUpDays * 86_400_000) return null;
  return { year, quarter, at };
}
