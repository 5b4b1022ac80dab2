// Dates as a Beijing reader expects them. "Now" is the server's clock (GET /api/health), so days
// left agree with what reminders say even when the phone's clock is wrong.
const ZONE = 'Asia/Shanghai';
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
let offsetMs = 0;

export function setServerNow(iso: string): void {
  // eslint-disable-next-line no-restricted-syntax -- the browser's clock, corrected to the server's
  offsetMs = new Date(iso).getTime() - Date.now();
}
export function serverNow(): Date {
  // eslint-disable-next-line no-restricted-syntax -- the browser's clock, corrected to the server's
  return new Date(Date.now() + offsetMs);
}

/** "YYYY-MM-DD" of an instant in Beijing. */
export function beijingDay(d: Date | string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d));
  return parts.slice(0, 10);
}

/** "2024年3月29日（周五）" for a plain day. */
export function dayLabel(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number);
  const week = WEEK[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${withYear ? `${y}年` : ''}${m}月${d}日（周${week}）`;
}

/** "3月29日 14:05" in Beijing time. */
export function timeLabel(at: Date | string): string {
  const f = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return f.format(new Date(at));
}

/** Calendar days from today (Beijing) to a day: negative when past. */
export function daysUntil(day: string): number {
  const today = beijingDay(serverNow());
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export function daysLeftLabel(dueDay: string, overdue: boolean, daysOverdue: number): string {
  if (overdue) return `已逾期 ${Math.max(daysOverdue, 1)} 天`;
  const n = daysUntil(dueDay);
  if (n === 0) return '今天截止';
  if (n < 0) return `已过截止日 ${-n} 天`;
  return `还剩 ${n} 天`;
}

/** "3月1日" */
export function shortDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}
