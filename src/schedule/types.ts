/** Public shapes of the schedule module. Others code against these names: keep them stable. */

export type Recurrence = 'weekly' | 'semi-monthly' | 'monthly' | 'quarterly' | 'half-yearly' | 'yearly' | 'per-semester';

export const RECURRENCES: readonly Recurrence[] = ['weekly', 'semi-monthly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'per-semester'];

/** Exactly the public JSON shape of a parsed time expression (printed by the CLI, stored on items). */
export interface Schedule {
  /** Months "MM".."MM"; end < start means the window crosses the year end ("12月至次年2月"). */
  window: { start: string; end: string } | null;
  /** "MM-DD" or "MM-end". */
  deadline: string | null;
  recurrence: Recurrence | null;
  /** Required count per period (per window when not recurring); null = not stated or unknown ("x次"). */
  times: number | null;
  /** Only when written as a real year ("2018年"); "20xx年", "明年", "今年" → null. */
  year: number | null;
}

export interface ScheduleDetail {
  /** "MM-DD" when a range starts on a day ("3月25日至4月10日" → "03-25", "3月中旬" → "03-11"). */
  startDay: string | null;
  /** "每月5日前" → 5; monthly items are then due on that day (or the month's last day if shorter). */
  dayOfMonth: number | null;
  /** The exact substrings of the input that were read into the schedule (adjacent ones joined). */
  matched: string[];
  /** The count was written as a placeholder: "x次", "xx次", "几次". */
  timesUnknown: boolean;
  /** Additions (optional, absent when not written): */
  /** "每周一" → 1 (ISO weekday, Monday = 1 … Sunday = 7); weekly items are then due on that day. */
  weekday?: number;
  /** "下午4点半" → "16:30". Informational: the due instant stays the end of the day. */
  timeOfDay?: string;
  /** "明年…", "次年3月" → 1: the item belongs to the year after the plan's year. */
  yearOffset?: number;
  /** The count is a minimum ("二次以上", "不少于两次", "至少一次"). */
  timesAtLeast?: boolean;
}

export type ParseOutcome =
  { ok: true; schedule: Schedule; detail: ScheduleDetail } | { ok: false; /** Chinese, for users; quotes the phrase. */ reason: string; phrase: string };

export interface PlannedTask {
  /** Stable key of the occurrence, used to make activation idempotent: "2024", "2024-M03", "2024-Q4", "2024-H1", "2024-W05", "2024-S1", "2024-M03-2". */
  periodKey: string;
  /** Chinese label: "2024年3—4月", "2024年第四季度", "2024年10月底前", "2024年1月", "2024年上半年". */
  label: string;
  /** Local start day "YYYY-MM-DD". */
  start: string;
  /** Local due day "YYYY-MM-DD", after the optional working-day shift. */
  dueDay: string;
  /** End of dueDay (23:59:59.999 local) in the time zone. */
  due: Date;
}

export interface HolidayYear {
  year: number;
  /** Days off that would be weekdays, plus all festival days (weekend ones may be listed too). */
  holidays: string[];
  /** 调休: make-up working days that fall on a weekend. */
  workdays: string[];
}

export interface WorkingCalendar {
  isWorkingDay(day: string): boolean;
  /** n working days after (n > 0) or before (n < 0) day; n = 0 returns day. */
  addWorkingDays(day: string, n: number): string;
  /** day itself if it is a working day. */
  previousWorkingDay(day: string): string;
  nextWorkingDay(day: string): string;
  /** Working days in (from, to]; negative when to < from. */
  workingDaysBetween(from: string, to: string): number;
  /** The package or a holidays file covers the year; otherwise Monday–Friday is assumed. */
  knowsYear(year: number): boolean;
  unknownYears(years: number[]): number[];
}

export interface ExpandOptions {
  year: number;
  tz: string;
  calendar?: WorkingCalendar;
  /** Move a due day that is not a working day to the previous working day. */
  shiftDueToWorkingDay?: boolean;
  detail?: ScheduleDetail;
}
