/**
 * The working-day calendar: Chinese public holidays with their make-up working days (调休).
 *
 * Sources, per year:
 * 1. a holidays file (config/holidays/<year>.yaml) or an `extra` year given in code — it replaces
 *    whatever else is known about that year, so a local file can also correct the package;
 * 2. the chinese-days package, for the years it knows (2004–2026 in 1.5.7; from 2027 it silently
 *    answers weekday/weekend, so a year counts as known only when the package lists holidays in it);
 * 3. otherwise Monday–Friday, and knowsYear() is false so callers can warn.
 * A day a holiday year names outside its own year (a make-up working day in late December for
 * next year's 元旦) is laid over that other year's days.
 *
 * Each year is computed once into a flag array with running totals, so the hot paths (the
 * benchmark activates 100,000 tasks) are array look-ups.
 */
import chineseDaysModule from 'chinese-days';
import { civilOf, epochDayOf, fromEpochDay, isLeapYear, toEpochDay, weekdayOfEpochDay } from './days.js';
import { loadHolidayFiles, validateHolidayYear } from './holidays.js';
import type { HolidayYear, WorkingCalendar } from './types.js';

interface ChineseDaysApi {
  isWorkday(day: string): boolean;
  getHolidaysInRange(start: string, end: string, includeWeekends?: boolean): string[];
}

// The package is CommonJS (UMD); depending on the loader its functions sit on the default export or one level down.
const chineseDays: ChineseDaysApi = (
  typeof (chineseDaysModule as unknown as ChineseDaysApi).isWorkday === 'function'
    ? chineseDaysModule
    : (chineseDaysModule as unknown as { default: ChineseDaysApi }).default
) as ChineseDaysApi;

const packageYearCache = new Map<number, boolean>();

/** Whether chinese-days has real data for the year (it lists at least one holiday in it). */
export function packageKnowsYear(year: number): boolean {
  let known = packageYearCache.get(year);
  if (known === undefined) {
    known = year >= 1900 && year <= 9999 && chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    packageYearCache.set(year, known);
  }
  return known;
}

interface YearDays {
  year: number;
  firstEpochDay: number;
  /** 1 = working day, by day of year (0-based). */
  working: Uint8Array;
  /** through[i] = working days from 1 January up to and including day i. */
  through: Int32Array;
}

export function createWorkingCalendar(opts: { holidaysDir?: string; extra?: HolidayYear[] } = {}): WorkingCalendar {
  const fromFiles = opts.holidaysDir ? loadHolidayFiles(opts.holidaysDir) : [];
  const extra = (opts.extra ?? []).map((y, i) => validateHolidayYear(y, `extra[${i}]`));
  const declared = new Map<number, HolidayYear>();
  for (const y of [...fromFiles, ...extra]) declared.set(y.year, y); // code wins over files
  const years = new Map<number, YearDays>();

  const yearDays = (year: number): YearDays => {
    let data = years.get(year);
    if (!data) {
      data = buildYear(year, declared);
      years.set(year, data);
    }
    return data;
  };

  // Most look-ups hit the year of the previous one: check it before working out the year.
  let last: YearDays | undefined;
  const yearDaysOf = (e: number): YearDays => {
    if (last && e >= last.firstEpochDay && e < last.firstEpochDay + last.working.length) return last;
    last = yearDays(civilOf(e).y);
    return last;
  };

  const isWorkingEpochDay = (e: number): boolean => {
    const data = yearDaysOf(e);
    return data.working[e - data.firstEpochDay] === 1;
  };

  /** Working days from 1 January of the day's year up to and including the day. */
  const throughDay = (e: number): { year: number; count: number } => {
    const data = yearDaysOf(e);
    return { year: data.year, count: data.through[e - data.firstEpochDay] };
  };

  /** The nearest working day from day (itself included) going one way. */
  const nearest = (day: string, direction: 1 | -1): string => {
    let e = toEpochDay(day);
    if (isWorkingEpochDay(e)) return day;
    do e += direction;
    while (!isWorkingEpochDay(e));
    return fromEpochDay(e);
  };

  const knowsYear = (year: number): boolean => declared.has(year) || packageKnowsYear(year);

  const workingDaysBetween = (from: string, to: string): number => {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    if (b < a) return -workingDaysBetween(to, from);
    const start = throughDay(a);
    const end = throughDay(b);
    let count = end.count - start.count;
    for (let y = start.year; y < end.year; y++) count += yearTotal(yearDays(y));
    return count;
  };

  return {
    isWorkingDay: (day) => isWorkingEpochDay(toEpochDay(day)),
    previousWorkingDay: (day) => nearest(day, -1),
    nextWorkingDay: (day) => nearest(day, 1),
    addWorkingDays(day, n) {
      if (!Number.isInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
      let e = toEpochDay(day);
      const direction = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0;) {
        e += direction;
        if (isWorkingEpochDay(e)) left--;
      }
      return fromEpochDay(e);
    },
    workingDaysBetween,
    knowsYear,
    unknownYears: (list) => [...new Set(list)].filter((y) => !knowsYear(y)),
  };
}

function yearTotal(data: YearDays): number {
  return data.through[data.through.length - 1];
}

function buildYear(year: number, declared: Map<number, HolidayYear>): YearDays {
  const firstEpochDay = epochDayOf(year, 1, 1);
  const length = isLeapYear(year) ? 366 : 365;
  const working = new Uint8Array(length);
  const own = declared.get(year);
  const usePackage = !own && packageKnowsYear(year);
  for (let i = 0; i < length; i++) {
    const e = firstEpochDay + i;
    working[i] = usePackage ? Number(chineseDays.isWorkday(fromEpochDay(e))) : Number(weekdayOfEpochDay(e) < 6);
  }
  const set = (day: string, isWorking: boolean): void => {
    const i = toEpochDay(day) - firstEpochDay;
    if (i >= 0 && i < length) working[i] = Number(isWorking);
  };
  // The year's own file first, then days other years' files name in this year.
  const sources = [...(own ? [own] : []), ...[...declared.values()].filter((y) => y !== own)];
  for (const source of sources) {
    for (const day of source.holidays) set(day, false);
    for (const day of source.workdays) set(day, true);
  }
  const through = new Int32Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) through[i] = count += working[i];
  return { year, firstEpochDay, working, through };
}
