/**
 * Calendar-day arithmetic on "YYYY-MM-DD" strings, without time zones.
 *
 * Days are counted as integers since 1970-01-01 (the "epoch day") with the civil-calendar
 * algorithms of Howard Hinnant, so stepping through days needs no Date objects and no zone.
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface YMD {
  y: number;
  m: number;
  d: number;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDay(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** "MM" or "MM-DD" parts as written in a Schedule. */
export function mm(m: number): string {
  return pad2(m);
}

export function isValidDay(day: string): boolean {
  const match = DAY_RE.exec(day);
  if (!match) return false;
  const m = Number(match[2]);
  const d = Number(match[3]);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(Number(match[1]), m);
}

/** Splits a day string; throws RangeError on anything that is not a real calendar day. */
export function parseDay(day: string): YMD {
  if (!isValidDay(day)) throw new RangeError(`not a calendar day "YYYY-MM-DD": ${JSON.stringify(day)}`);
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) };
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function epochDayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilOf(epochDay: number): YMD {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const epochCache = new Map<string, number>();
const MAX_EPOCH_CACHE = 100_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" day; throws RangeError if it is not one. Cached: the hot path of the calendar. */
export function toEpochDay(day: string): number {
  let e = epochCache.get(day);
  if (e === undefined) {
    const { y, m, d } = parseDay(day);
    e = epochDayOf(y, m, d);
    if (epochCache.size >= MAX_EPOCH_CACHE) epochCache.clear();
    epochCache.set(day, e);
  }
  return e;
}

export function fromEpochDay(epochDay: number): string {
  const { y, m, d } = civilOf(epochDay);
  return formatDay(y, m, d);
}

export function addDays(day: string, n: number): string {
  return fromEpochDay(toEpochDay(day) + n);
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function weekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export function weekdayOf(day: string): number {
  return weekdayOfEpochDay(toEpochDay(day));
}

export function lastDayOfMonth(y: number, m: number): string {
  return formatDay(y, m, daysInMonth(y, m));
}

/** `day` plus n calendar months, clamped to the target month's last day ("2024-08-31" + 6 → "2025-02-28"). */
export function addMonths(day: string, n: number): string {
  const { y, m, d } = parseDay(day);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return formatDay(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}
