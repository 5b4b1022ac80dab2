/**
 * expandSchedule: a Schedule and a year → the dated tasks (时间节点) of that year.
 *
 * - No schedule, or one with only a year: one task for the whole year (01-01 … 12-31).
 * - A window runs from the first day of its first month (or detail.startDay) to the last day of
 *   its last month; one that crosses the year end ("12月至次年2月") ends in the next year.
 * - A deadline without a window starts on 1 January: work can begin any time and is due then.
 * - A written year (schedule.year) wins over opts.year; detail.yearOffset ("明年") adds to opts.year.
 * - Recurring items give one task per period: weekly (ISO weeks whose due day falls in the
 *   year, due on Sunday or on detail.weekday), semi-monthly (1st–15th, 16th–end), monthly (due
 *   on the month's own last day, or on detail.dayOfMonth clamped to the month's length, so a
 *   "31st" never drifts), quarterly, half-yearly, per-semester, yearly (one task, as without
 *   recurrence). A window or deadline limits them to the periods whose due day falls inside.
 * - Semesters: spring 03–07 and autumn 09–01 (of the next year). Chinese schools start the
 *   spring term between mid-February and early March (it follows the Spring Festival), so March
 *   is the first whole month of teaching in every year; the spring term ends in early July and
 *   the autumn term in mid/late January, and the windows end with those months so that term-end
 *   work (exams, summaries) falls inside. Month granularity keeps the windows the same every year.
 * - The due instant is the end of the due day (23:59:59.999) in opts.tz; with
 *   shiftDueToWorkingDay a due day that is not a working day moves to the previous working day,
 *   unless that would put it before the task's start.
 */
import { daysInMonth, epochDayOf, formatDay, fromEpochDay, lastDayOfMonth, weekdayOfEpochDay } from './days.js';
import { createWorkingCalendar } from './calendar.js';
import { dayRangeLabel, deadlineLabel, deadlineSuffix, halfLabel, monthLabel, quarterLabel, semesterLabel, weekLabel, windowLabel } from './labels.js';
import { assertTimeZone, endOfDay } from './zone.js';
import { RECURRENCES, type ExpandOptions, type PlannedTask, type Recurrence, type Schedule, type ScheduleDetail, type WorkingCalendar } from './types.js';

/** One occurrence before the time zone and the working-day shift are applied. */
interface Occurrence {
  periodKey: string;
  label: string;
  start: string;
  due: string;
}

/** The days an item covers in its year. */
interface Span {
  start: string;
  end: string;
  /** The text limited the item to part of the year (window, deadline or start day). */
  limited: boolean;
}

const MONTH = /^(0[1-9]|1[0-2])$/;
const DEADLINE = /^(0[1-9]|1[0-2])-(\d{2}|end)$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(\d{2})$/;

let defaultCalendar: WorkingCalendar | undefined;

export function expandSchedule(schedule: Schedule | null, opts: ExpandOptions): PlannedTask[] {
  assertTimeZone(opts.tz);
  if (schedule) checkSchedule(schedule);
  const detail = opts.detail;
  const year = schedule?.year ?? opts.year + (detail?.yearOffset ?? 0);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new RangeError(`year out of range: ${year}`);

  const span = spanOf(schedule, detail, year);
  const recurrence = schedule?.recurrence ?? null;
  const occurrences =
    recurrence === null || recurrence === 'yearly'
      ? [{ periodKey: String(year), label: itemLabel(schedule, detail, year, span), start: span.start, due: span.end }]
      : periodsWithin(recurrence, year, span, detail);

  const calendar = opts.shiftDueToWorkingDay ? (opts.calendar ?? (defaultCalendar ??= createWorkingCalendar())) : null;
  return occurrences.map((o) => toTask(o, opts.tz, calendar));
}

function toTask(o: Occurrence, tz: string, calendar: WorkingCalendar | null): PlannedTask {
  let dueDay = o.due;
  if (calendar) {
    const shifted = calendar.previousWorkingDay(o.due);
    if (shifted >= o.start) dueDay = shifted;
  }
  return { periodKey: o.periodKey, label: o.label, start: o.start, dueDay, due: endOfDay(dueDay, tz) };
}

/** Rejects a malformed schedule (stored data or a client's JSON), naming the field. */
function checkSchedule(s: Schedule): void {
  if (s.window && (!MONTH.test(s.window.start) || !MONTH.test(s.window.end)))
    throw new RangeError(`schedule.window must be {start:"MM", end:"MM"}: ${JSON.stringify(s.window)}`);
  if (s.deadline !== null && s.deadline !== undefined) {
    const m = DEADLINE.exec(s.deadline);
    if (!m || (m[2] !== 'end' && (Number(m[2]) < 1 || Number(m[2]) > daysInMonth(2000, Number(m[1])))))
      throw new RangeError(`schedule.deadline must be "MM-DD" or "MM-end": ${JSON.stringify(s.deadline)}`);
  }
  if (s.recurrence && !RECURRENCES.includes(s.recurrence)) throw new RangeError(`schedule.recurrence unknown: ${JSON.stringify(s.recurrence)}`);
}

function spanOf(s: Schedule | null, detail: ScheduleDetail | undefined, year: number): Span {
  const window = s?.window ?? null;
  const firstMonth = window ? Number(window.start) : 1;
  const lastMonth = window ? Number(window.end) : 12;
  const crosses = lastMonth < firstMonth;
  const startDay = detail?.startDay && MONTH_DAY.test(detail.startDay) ? detail.startDay : null;
  const start = startDay ? dayInYear(year, startDay) : formatDay(year, firstMonth, 1);
  const end = s?.deadline ? deadlineDay(s.deadline, year, window) : lastDayOfMonth(crosses ? year + 1 : year, lastMonth);
  // A deadline before the window's start (only possible in hand-made data) leaves a one-day task.
  return { start: start <= end ? start : end, end, limited: Boolean(window || s?.deadline || startDay) };
}

/** "MM-DD" in a year; 02-29 becomes 02-28 in a common year. */
function dayInYear(year: number, monthDay: string): string {
  const m = Number(monthDay.slice(0, 2));
  return formatDay(year, m, Math.min(Number(monthDay.slice(3)), daysInMonth(year, m)));
}

/** The deadline's day; in a window crossing the year end, months before the window's start are next year's. */
function deadlineDay(deadline: string, year: number, window: Schedule['window']): string {
  const m = Number(deadline.slice(0, 2));
  const crossing = window !== null && Number(window.end) < Number(window.start);
  const y = crossing && m < Number(window.start) ? year + 1 : year;
  return deadline.endsWith('end') ? lastDayOfMonth(y, m) : dayInYear(y, deadline.slice(0, 5));
}

function itemLabel(s: Schedule | null, detail: ScheduleDetail | undefined, year: number, span: Span): string {
  if (!s?.window && !s?.deadline) return `${year}年`;
  const isMonthEnd = s.deadline?.endsWith('end') ?? false;
  if (!s.window) return deadlineLabel(span.end, isMonthEnd);
  if (detail?.startDay && s.deadline) return dayRangeLabel(span.start, span.end);
  const label = windowLabel(year, Number(s.window.start), Number(s.window.end));
  const windowEnd = lastDayOfMonth(Number(s.window.end) < Number(s.window.start) ? year + 1 : year, Number(s.window.end));
  return s.deadline && span.end !== windowEnd ? label + deadlineSuffix(span.end, isMonthEnd, year) : label;
}

/** The recurring periods of the year (and of the next, for a window crossing the year end) that fall in the span. */
function periodsWithin(recurrence: Exclude<Recurrence, 'yearly'>, year: number, span: Span, detail: ScheduleDetail | undefined): Occurrence[] {
  const all = periodsOf(recurrence, year, detail);
  if (!span.limited) return all;
  const yearEnd = `${year}-12-31`;
  const candidates = span.end > yearEnd ? [...all, ...periodsOf(recurrence, year + 1, detail)] : all;
  // A semester is long and straddles windows: "下半年每学期" means the autumn term, the one that starts in the span.
  const anchor = (o: Occurrence): string => (recurrence === 'per-semester' ? o.start : o.due);
  return candidates.filter((o) => anchor(o) >= span.start && anchor(o) <= span.end);
}

function periodsOf(recurrence: Exclude<Recurrence, 'yearly'>, year: number, detail: ScheduleDetail | undefined): Occurrence[] {
  switch (recurrence) {
    case 'weekly':
      return weeksOf(year, detail?.weekday);
    case 'semi-monthly':
      return months().flatMap((m) => [
        { periodKey: `${year}-M${pad(m)}-1`, label: `${monthLabel(year, m)}上半月`, start: formatDay(year, m, 1), due: formatDay(year, m, 15) },
        { periodKey: `${year}-M${pad(m)}-2`, label: `${monthLabel(year, m)}下半月`, start: formatDay(year, m, 16), due: lastDayOfMonth(year, m) },
      ]);
    case 'monthly':
      return months().map((m) => ({
        periodKey: `${year}-M${pad(m)}`,
        label: monthLabel(year, m),
        start: formatDay(year, m, 1),
        due: monthlyDue(year, m, detail?.dayOfMonth),
      }));
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => ({
        periodKey: `${year}-Q${q}`,
        label: quarterLabel(year, q),
        start: formatDay(year, q * 3 - 2, 1),
        due: lastDayOfMonth(year, q * 3),
      }));
    case 'half-yearly':
      return [
        { periodKey: `${year}-H1`, label: halfLabel(year, 1), start: `${year}-01-01`, due: `${year}-06-30` },
        { periodKey: `${year}-H2`, label: halfLabel(year, 2), start: `${year}-07-01`, due: `${year}-12-31` },
      ];
    case 'per-semester':
      return [
        { periodKey: `${year}-S1`, label: semesterLabel(year, 1), start: `${year}-03-01`, due: `${year}-07-31` },
        { periodKey: `${year}-S2`, label: semesterLabel(year, 2), start: `${year}-09-01`, due: `${year + 1}-01-31` },
      ];
  }
}

function months(): number[] {
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Due on dayOfMonth, or on the last day when the month is shorter (31 → 30 April, 28/29 February). */
function monthlyDue(year: number, m: number, dayOfMonth: number | null | undefined): string {
  const last = daysInMonth(year, m);
  return formatDay(year, m, dayOfMonth && dayOfMonth >= 1 ? Math.min(dayOfMonth, last) : last);
}

/** ISO weeks (Monday–Sunday) whose due day (Sunday, or the given weekday) falls in the year. */
function weeksOf(year: number, weekday: number | undefined): Occurrence[] {
  const dueOffset = weekday && weekday >= 1 && weekday <= 7 ? weekday - 1 : 6;
  const first = epochDayOf(year, 1, 1);
  const last = epochDayOf(year, 12, 31);
  let monday = first - (weekdayOfEpochDay(first) - 1);
  if (monday + dueOffset < first) monday += 7;
  const weeks: Occurrence[] = [];
  for (; monday + dueOffset <= last; monday += 7) {
    const { isoYear, week } = isoWeekOf(monday);
    weeks.push({ periodKey: `${isoYear}-W${pad(week)}`, label: weekLabel(isoYear, week), start: fromEpochDay(monday), due: fromEpochDay(monday + dueOffset) });
  }
  return weeks;
}

/** ISO week-numbering year and week of the week starting on a Monday: the year of its Thursday. */
function isoWeekOf(mondayEpochDay: number): { isoYear: number; week: number } {
  const thursday = fromEpochDay(mondayEpochDay + 3);
  const isoYear = Number(thursday.slice(0, 4));
  const week = Math.floor((mondayEpochDay + 3 - epochDayOf(isoYear, 1, 1)) / 7) + 1;
  return { isoYear, week };
}
