/**
 * Synthetic report inputs for specs and the benchmark: a seeded PRNG, so a failing seed can be
 * replayed. Not used by production code.
 */
import { mulberry32 } from '../common/random.js';
import { endOfDay } from '../schedule/index.js';
import type { WorkingCalendar } from '../schedule/index.js';
import { TASK_STATUSES } from '../tasks/task.entity.js';
import type { Quarter, ReportAuditEvent, ReportEvidence, ReportInput, ReportItem, ReportTask } from './types.js';

/** The seeded PRNG the simulation uses too (mulberry32). */
export const prng = mulberry32;

export interface SyntheticOptions {
  seed: number;
  tasks: number;
  units: number;
  owners: number;
  items: number;
  year: number;
  quarter: Quarter;
  now: Date;
  calendar: WorkingCalendar;
  /** days a task's due day may fall before the quarter / after it (default 90 / 100) */
  before?: number;
  after?: number;
  evidencePerDone?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
function dayPlus(day: string, n: number): string {
  const d = new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function syntheticInput(o: SyntheticOptions): ReportInput {
  const rnd = prng(o.seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const tz = 'Asia/Shanghai';
  const units = Array.from({ length: o.units }, (_, i) => ({ id: i + 1, name: `第${i + 1}责任单位` }));
  const people = Array.from({ length: o.owners }, (_, i) => ({ id: i + 1, name: `责任人${i + 1}`, unitId: (i % o.units) + 1 }));
  const plans = [{ id: 1, title: `${o.year}年工作计划` }];
  const kinds = ['会议记录', '签到表', '照片'];
  const items: ReportItem[] = Array.from({ length: o.items }, (_, i) => ({
    id: i + 1,
    planId: 1,
    title: `工作事项${i + 1}：开展专题调研活动`,
    sectionPath: [`第${(i % 5) + 1}部分`],
    evidenceRequirements: i % 3 === 0 ? [{ kind: kinds[i % 3], min: 1 }] : [],
  }));
  const qStart = `${o.year}-${pad((o.quarter - 1) * 3 + 1)}-01`;
  const before = o.before ?? 90;
  const span = before + 92 + (o.after ?? 100);
  const nowMs = o.now.getTime();
  const tasks: ReportTask[] = [];
  const evidence: ReportEvidence[] = [];
  const audit: ReportAuditEvent[] = [];
  for (let i = 0; i < o.tasks; i++) {
    const dueDay = dayPlus(qStart, pick(span) - before);
    const dueAt = endOfDay(dueDay, tz);
    const status = TASK_STATUSES[pick(TASK_STATUSES.length)];
    const owner = rnd() < 0.03 ? null : pick(o.owners) + 1;
    const itemId = pick(o.items) + 1;
    const submittedAt = status === 'submitted' || status === 'done' ? new Date(Math.min(nowMs, dueAt.getTime() + (rnd() - 0.7) * 20 * 86_400_000)) : null;
    const returnCount = rnd() < 0.1 ? 1 + pick(3) : 0;
    const t: ReportTask = {
      id: i + 1,
      planId: 1,
      itemId,
      label: `${dueDay.slice(5, 7)}月`,
      periodKey: `${dueDay.slice(0, 7)}#${i}`,
      startDay: dayPlus(dueDay, -30),
      dueDay,
      dueAt,
      status,
      ownerId: owner,
      unitId: owner === null ? (rnd() < 0.5 ? null : pick(o.units) + 1) : people[owner - 1].unitId,
      escalationLevel: rnd() < 0.2 ? pick(3) : 0,
      submittedAt,
      doneAt: status === 'done' ? submittedAt : null,
      // a third of done tasks carry no flag, to exercise the fallback
      onTime: status === 'done' && rnd() < 0.66 ? submittedAt!.getTime() <= dueAt.getTime() : null,
      returnCount,
      originalDueAt: rnd() < 0.05 ? new Date(dueAt.getTime() - 7 * 86_400_000) : null,
    };
    tasks.push(t);
    if (status === 'done' || status === 'submitted') {
      const n = o.evidencePerDone ?? pick(3);
      for (let k = 0; k < n; k++) evidence.push({ taskId: t.id, fileName: `佐证${t.id}-${k}.jpg`, sha256: `sha${pick(o.tasks)}`, kind: kinds[pick(3)] });
    }
    for (let k = 0; k < returnCount; k++)
      audit.push({ taskId: t.id, action: 'return', at: new Date(dueAt.getTime() - (k + 1) * 86_400_000), fromStatus: 'submitted', toStatus: 'returned' });
  }
  return {
    org: { id: 1, name: '基准测试镇人大主席团', timeZone: tz },
    year: o.year,
    quarter: o.quarter,
    now: o.now,
    tasks,
    items,
    plans,
    people,
    units,
    evidence,
    audit,
    calendar: o.calendar,
    yellowWorkingDays: 3,
  };
}
