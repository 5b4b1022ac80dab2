/** Chinese labels of planned tasks: "2024年3—4月", "2024年第四季度", "2024年10月底前", "2024年3月中旬". */
import { daysInMonth, parseDay } from './days.js';

const CN_ORDINAL = ['', '一', '二', '三', '四'];

/** A window of months in a year; end < start crosses into the next year. */
export function windowLabel(year: number, start: number, end: number): string {
  if (end < start) return `${year}年${start}月至${year + 1}年${end}月`;
  if (start === 1 && end === 12) return `${year}年全年`;
  if (start === 1 && end === 6) return `${year}年上半年`;
  if (start === 7 && end === 12) return `${year}年下半年`;
  if (end === start + 2 && start % 3 === 1) return quarterLabel(year, (start + 2) / 3);
  if (start === end) return `${year}年${start}月`;
  return `${year}年${start}—${end}月`;
}

export function quarterLabel(year: number, q: number): string {
  return `${year}年第${CN_ORDINAL[q]}季度`;
}

export function monthLabel(year: number, m: number): string {
  return `${year}年${m}月`;
}

/** A due day on its own: "2024年10月底前" for a month's end, "2024年3月25日" for a day. */
export function deadlineLabel(dueDay: string, isMonthEnd: boolean): string {
  const { y, m, d } = parseDay(dueDay);
  return isMonthEnd ? `${y}年${m}月底前` : `${y}年${m}月${d}日`;
}

/** A period from a first to a last day: "2024年9月2日至8日", "2024年3月中旬", "2024年12月7日至2025年2月8日". */
export function dayRangeLabel(first: string, last: string): string {
  const a = parseDay(first);
  const b = parseDay(last);
  if (a.y === b.y && a.m === b.m) {
    const dekad = dekadName(a.d, b.d, daysInMonth(b.y, b.m));
    if (dekad) return `${a.y}年${a.m}月${dekad}`;
    return `${a.y}年${a.m}月${a.d}日至${b.d}日`;
  }
  if (a.y === b.y) return `${a.y}年${a.m}月${a.d}日至${b.m}月${b.d}日`;
  return `${a.y}年${a.m}月${a.d}日至${b.y}年${b.m}月${b.d}日`;
}

function dekadName(first: number, last: number, monthLength: number): string | null {
  if (first === 1 && last === 10) return '上旬';
  if (first === 11 && last === 20) return '中旬';
  if (first === 21 && last === monthLength) return '下旬';
  return null;
}

/** "（4月10日前）" after a window label, when the deadline is not simply the window's end. */
export function deadlineSuffix(dueDay: string, isMonthEnd: boolean, windowYear: number): string {
  const { y, m, d } = parseDay(dueDay);
  const yearPart = y === windowYear ? '' : `${y}年`;
  return isMonthEnd ? `（${yearPart}${m}月底前）` : `（${yearPart}${m}月${d}日前）`;
}

export function semesterLabel(year: number, semester: 1 | 2): string {
  return `${year}年${semester === 1 ? '春季' : '秋季'}学期`;
}

export function halfLabel(year: number, half: 1 | 2): string {
  return `${year}年${half === 1 ? '上' : '下'}半年`;
}

export function weekLabel(isoYear: number, week: number): string {
  return `${isoYear}年第${week}周`;
}
