import { parseSchedule, type Recurrence, type Schedule, type ScheduleDetail } from '../schedule/index.js';

const RECURRENCES: Recurrence[] = ['weekly', 'semi-monthly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'per-semester'];
const MONTH = /^(0[1-9]|1[0-2])$/;

export interface ResolvedSchedule {
  timeText: string | null;
  schedule: Schedule | null;
  detail: ScheduleDetail | null;
}

export type ScheduleInputResult = { ok: true; value: ResolvedSchedule } | { ok: false; field: string; reason: string };

function daysIn(month: number): number {
  return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Checks a structured schedule given through the API; returns the reasons it is wrong, keyed by field. */
export function scheduleProblems(raw: Record<string, unknown>): Record<string, string> {
  const problems: Record<string, string> = {};
  const allowed = new Set(['window', 'deadline', 'recurrence', 'times', 'year']);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) problems[`schedule.${key}`] = '不允许的字段';
  const w = raw.window as { start?: unknown; end?: unknown } | null | undefined;
  if (w != null) {
    if (typeof w !== 'object') problems['schedule.window'] = '必须是 {start:"MM", end:"MM"}';
    else {
      if (typeof w.start !== 'string' || !MONTH.test(w.start)) problems['schedule.window.start'] = `月份必须是 01–12，收到 ${JSON.stringify(w.start)}`;
      if (typeof w.end !== 'string' || !MONTH.test(w.end)) problems['schedule.window.end'] = `月份必须是 01–12，收到 ${JSON.stringify(w.end)}`;
    }
  }
  const d = raw.deadline;
  if (d != null) {
    const m = typeof d === 'string' ? /^(\d{2})-(\d{2}|end)$/.exec(d) : null;
    if (!m || !MONTH.test(m[1]) || (m[2] !== 'end' && (Number(m[2]) < 1 || Number(m[2]) > daysIn(Number(m[1])))))
      problems['schedule.deadline'] = `截止日期必须是 "MM-DD" 或 "MM-end"，收到 ${JSON.stringify(d)}`;
  }
  if (raw.recurrence != null && !RECURRENCES.includes(raw.recurrence as Recurrence)) problems['schedule.recurrence'] = `周期只能是 ${RECURRENCES.join(' / ')}`;
  if (raw.times != null && (!Number.isInteger(raw.times) || (raw.times as number) < 1 || (raw.times as number) > 1000))
    problems['schedule.times'] = '次数必须是 1–1000 的整数';
  if (raw.year != null && (!Number.isInteger(raw.year) || (raw.year as number) < 2000 || (raw.year as number) > 2100))
    problems['schedule.year'] = '年度必须在 2000–2100 之间';
  return problems;
}

/**
 * Resolves an item's time from what the client sent: a phrase is parsed (a phrase ducha cannot
 * read is an error quoting it, never a silent null); a structured schedule is checked; neither
 * means a whole-year item.
 */
export function resolveScheduleInput(input: { timeText?: string | null; schedule?: Record<string, unknown> | null }): ScheduleInputResult {
  if (input.schedule) {
    const problems = scheduleProblems(input.schedule);
    const first = Object.entries(problems)[0];
    if (first) return { ok: false, field: first[0], reason: first[1] };
    const s = input.schedule as Partial<Schedule>;
    const schedule: Schedule = {
      window: s.window ?? null,
      deadline: s.deadline ?? null,
      recurrence: s.recurrence ?? null,
      times: s.times ?? null,
      year: s.year ?? null,
    };
    if (!schedule.window && !schedule.deadline && !schedule.recurrence)
      return { ok: false, field: 'schedule', reason: '时间安排至少需要 window、deadline 或 recurrence 之一' };
    return { ok: true, value: { timeText: input.timeText?.trim() || null, schedule, detail: null } };
  }
  const text = input.timeText?.trim();
  if (!text) return { ok: true, value: { timeText: null, schedule: null, detail: null } };
  const parsed = parseSchedule(text);
  if (!parsed.ok) return { ok: false, field: 'timeText', reason: parsed.reason };
  return { ok: true, value: { timeText: text, schedule: parsed.schedule, detail: parsed.detail } };
}
