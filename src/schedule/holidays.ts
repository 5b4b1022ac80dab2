/**
 * Holiday files: one YAML file per year in config/holidays/ (e.g. 2027.yaml), for years the
 * chinese-days package does not know yet. See config/holidays/README.md for the format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addDays, isValidDay, toEpochDay, weekdayOf } from './days.js';
import type { HolidayYear } from './types.js';

export const DEFAULT_HOLIDAYS_DIR = 'config/holidays';

/** Only *.yaml / *.yml are loaded; README.md and example.yaml.txt are not. */
const YAML_FILE = /\.ya?ml$/i;
/** A range as the State Council notice writes it: "10月1日至7日" → "2027-10-01..2027-10-07". */
const RANGE = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/;
const MAX_RANGE_DAYS = 31;

/** Reads every holidays file in dir (sorted by name). A missing dir is no files. Throws on a bad file, naming it. */
export function loadHolidayFiles(dir: string): HolidayYear[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => YAML_FILE.test(f))
    .sort();
  const years = files.map((file) => readHolidayFile(join(dir, file)));
  const seen = new Map<number, string>();
  years.forEach((y, i) => {
    const other = seen.get(y.year);
    if (other) throw new Error(`${join(dir, files[i])}: ${y.year} 年已在 ${other} 中定义`);
    seen.set(y.year, files[i]);
  });
  return years;
}

function readHolidayFile(path: string): HolidayYear {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: 不是有效的 YAML：${(error as Error).message}`);
  }
  const year = validateHolidayYear(raw, path);
  const named = /(?:^|[\\/])(\d{4})\.ya?ml$/i.exec(path);
  if (named && Number(named[1]) !== year.year) throw new Error(`${path}: 文件名是 ${named[1]}，但 year 写的是 ${year.year}`);
  return year;
}

/**
 * Checks a holiday year (from a file or given in code) and expands its day ranges. Days must be
 * in the year or next to it (the notice for a year may name a make-up working day in late
 * December of the year before); make-up working days must be Saturdays or Sundays.
 */
export function validateHolidayYear(raw: unknown, source = 'holidays'): HolidayYear {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${source}: 应为包含 year、holidays、workdays 的对象`);
  const obj = raw as Record<string, unknown>;
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2200)
    throw new Error(`${source}: year 应为四位年份，收到 ${JSON.stringify(year)}`);
  const holidays = dayList(obj.holidays, 'holidays', year, source);
  const workdays = dayList(obj.workdays, 'workdays', year, source);
  const both = holidays.filter((d) => workdays.includes(d));
  if (both.length) throw new Error(`${source}: ${both.join('、')} 同时出现在 holidays 和 workdays 中`);
  const weekdays = workdays.filter((d) => weekdayOf(d) < 6);
  if (weekdays.length) throw new Error(`${source}: 调休上班日应为周六或周日，${weekdays.join('、')} 不是`);
  return { year, holidays, workdays };
}

function dayList(value: unknown, field: string, year: number, source: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${source}: ${field} 应为日期列表`);
  const days = value.flatMap((entry) => expandEntry(entry, field, source));
  for (const d of days) {
    const y = Number(d.slice(0, 4));
    if (Math.abs(y - year) > 1) throw new Error(`${source}: ${field} 中的 ${d} 不在 ${year} 年前后`);
  }
  return [...new Set(days)].sort();
}

function expandEntry(entry: unknown, field: string, source: string): string[] {
  // YAML 1.2 (the yaml package's default) keeps 2027-10-01 a string; a Date would come from other tools.
  const text = entry instanceof Date ? entry.toISOString().slice(0, 10) : String(entry).trim();
  const range = RANGE.exec(text);
  if (!range) {
    if (!isValidDay(text)) throw new Error(`${source}: ${field} 中的 ${JSON.stringify(entry)} 不是 YYYY-MM-DD 日期`);
    return [text];
  }
  const [, from, to] = range;
  if (!isValidDay(from) || !isValidDay(to)) throw new Error(`${source}: ${field} 中的 ${text} 不是有效的日期范围`);
  const length = toEpochDay(to) - toEpochDay(from);
  if (length < 0 || length > MAX_RANGE_DAYS) throw new Error(`${source}: ${field} 中的 ${text} 不是有效的日期范围`);
  return Array.from({ length: length + 1 }, (_, i) => addDays(from, i));
}
