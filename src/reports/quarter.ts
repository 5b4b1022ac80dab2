/** Quarter arithmetic on calendar days (YYYY-MM-DD), and the Chinese words the 通报 uses. */
import { daysInMonth } from '../schedule/index.js';
import type { Quarter } from './types.js';

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterBounds(year: number, quarter: Quarter): { startDay: string; endDay: string } {
  if (![1, 2, 3, 4].includes(quarter)) throw new RangeError(`quarter must be 1..4, got ${quarter}`);
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  return { startDay: `${year}-${pad(first)}-01`, endDay: `${year}-${pad(last)}-${pad(daysInMonth(year, last))}` };
}

/** Q4 → Q1 of the next year. */
export function nextQuarterOf(year: number, quarter: Quarter): { year: number; quarter: Quarter } {
  return quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: (quarter + 1) as Quarter };
}

export const QUARTER_NAMES: Record<Quarter, string> = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' };

/** "2024-10-08" → "2024年10月8日" */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** "2024-10-08" → "10月8日" */
export function chineseMonthDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

/** 0.8567 → "85.7%"; null → "—" */
export function percent(value: number | null): string {
  return value === null ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}
