import { parseSchedule, type Schedule, type ScheduleDetail } from '../schedule/index.js';

const RECURRENCE_WORDS: Record<NonNullable<Schedule['recurrence']>, string> = {
  weekly: '每周',
  'semi-monthly': '每半月',
  monthly: '每月',
  quarterly: '每季度',
  'half-yearly': '每半年',
  yearly: '每年',
  'per-semester': '每学期',
};

const m = (mm: string) => String(Number(mm));

/** A phrase in plain plan language that ducha's parser reads back as the same schedule. */
export function canonicalPhrase(s: Schedule, d: Partial<ScheduleDetail> | null = null): string {
  const parts: string[] = [];
  if (s.year) parts.push(`${s.year}年`);
  if (s.window && d?.startDay && s.deadline && s.deadline !== `${s.window.end}-end`) {
    const [sm, sd] = d.startDay.split('-');
    const [em, ed] = s.deadline.split('-');
    parts.push(`${m(sm)}月${Number(sd)}日至${m(em)}月${ed === 'end' ? '底' : `${Number(ed)}日`}`);
  } else {
    if (s.window) {
      const { start, end } = s.window;
      parts.push(start === end ? `${m(start)}月` : end < start ? `${m(start)}月至次年${m(end)}月` : `${m(start)}—${m(end)}月`);
    }
    if (s.deadline) {
      const [dm, dd] = s.deadline.split('-');
      parts.push(dd === 'end' ? `${m(dm)}月底前` : `${m(dm)}月${Number(dd)}日前`);
    }
  }
  if (s.recurrence) {
    parts.push(RECURRENCE_WORDS[s.recurrence]);
    if (s.recurrence === 'monthly' && d?.dayOfMonth) parts.push(`${d.dayOfMonth}日前`);
  }
  if (s.times) parts.push(`${s.times}次${d?.timesAtLeast ? '以上' : ''}`);
  return parts.join('');
}

function same(a: Schedule, b: Schedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The time text a ledger should carry for an item: the phrase as written when it reads back as
 * the item's schedule, else a canonical phrase that does. Null when neither does (the caller keeps
 * the written text and the reviewer sees the difference).
 */
export function ledgerTimeText(schedule: Schedule | null, detail: Partial<ScheduleDetail> | null, written: string | null): string | null {
  if (!schedule) return written && !parseSchedule(written).ok ? written : null;
  if (written) {
    const p = parseSchedule(written);
    if (p.ok && same(p.schedule, schedule)) return written;
  }
  const phrase = canonicalPhrase(schedule, detail);
  const p = parseSchedule(phrase);
  return p.ok && same(p.schedule, schedule) ? phrase : written;
}
