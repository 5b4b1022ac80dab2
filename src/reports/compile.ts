/**
 * compileQuarterlyReport: the numbers of the quarterly 督查通报, from plain rows, for one instant.
 *
 * Which tasks: those due in the quarter (dueDay inside it, in the org's zone) plus earlier tasks
 * still open at `now` (待办/进行中/已退回/已提交待审核) — the carried-over ones.
 * Each is put in exactly one category (see `categorize`), so every count is a filter over the
 * task table and the categories add up to the total. Rates keep their numerator and denominator.
 */
import { localDay } from '../schedule/index.js';
import type { Light } from '../tasks/task-light.js';
import { UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';
import { buildText } from './narrative.js';
import { chineseDate, nextQuarterOf, quarterBounds, QUARTER_NAMES } from './quarter.js';
import type {
  Category,
  Counts,
  EvidenceIndex,
  EvidenceIndexEntry,
  GroupStat,
  LedgerRow,
  NextQuarter,
  OverdueEntry,
  QuarterlyReport,
  Rate,
  Rates,
  ReportInput,
  ReportTask,
  ReturnedEntry,
} from './types.js';

export const NO_UNIT = '未指定单位';
export const NO_OWNER = '未指定责任人';

const STATUS_NAMES: Record<TaskStatus, string> = {
  scheduled: '待办',
  open: '进行中',
  submitted: '已提交待审核',
  returned: '已退回',
  done: '已完成',
  cancelled: '已取消',
};

/** Statuses that keep an earlier task in this quarter's report. */
const STILL_OPEN: TaskStatus[] = [...UNFINISHED_STATUSES, 'submitted'];

/** A done task is on time when its stored flag says so; without a flag, when it was submitted (or done) by the due instant. */
export function doneOnTime(t: Pick<ReportTask, 'onTime' | 'submittedAt' | 'doneAt' | 'dueAt'>): boolean {
  if (t.onTime !== null) return t.onTime;
  const at = t.submittedAt ?? t.doneAt;
  return at !== null && at.getTime() <= t.dueAt.getTime();
}

/** The one category of a task at `now`. Overdue is derived: unfinished and past the due instant. */
export function categorize(t: Pick<ReportTask, 'status' | 'dueAt' | 'onTime' | 'submittedAt' | 'doneAt'>, now: Date): Category {
  switch (t.status) {
    case 'cancelled':
      return 'cancelled';
    case 'done':
      return doneOnTime(t) ? 'doneOnTime' : 'doneLate';
    case 'submitted':
      return 'submitted';
    default:
      return now.getTime() > t.dueAt.getTime() ? 'overdue' : 'open';
  }
}

/** Chinese status name: 待办/进行中/已提交待审核/已退回/已完成/逾期完成/已取消, and 逾期 when overdue. */
export function statusName(status: TaskStatus, category: Category): string {
  if (category === 'overdue') return '逾期';
  if (category === 'doneLate') return '逾期完成';
  return STATUS_NAMES[status];
}

/** Does the task belong in the report of the quarter [startDay, endDay]? */
export function inReportScope(t: Pick<ReportTask, 'dueDay' | 'status'>, startDay: string, endDay: string): boolean {
  if (t.dueDay > endDay) return false;
  return t.dueDay >= startDay || STILL_OPEN.includes(t.status);
}

export function emptyCounts(): Counts {
  return { total: 0, doneOnTime: 0, doneLate: 0, done: 0, submitted: 0, open: 0, overdue: 0, cancelled: 0, extended: 0, returned: 0, escalated: 0 };
}

export function rate(num: number, den: number): Rate {
  return { num, den, value: den === 0 ? null : num / den };
}

export function ratesOf(c: Counts): Rates {
  const effective = c.total - c.cancelled;
  return { completion: rate(c.done, effective), onTime: rate(c.doneOnTime, effective), overdue: rate(c.overdue, effective) };
}

function add(c: Counts, t: ReportTask, cat: Category): void {
  c.total++;
  c[cat]++;
  if (cat === 'doneOnTime' || cat === 'doneLate') c.done++;
  if (t.originalDueAt !== null) c.extended++;
  if (t.status === 'returned') c.returned++;
  if (t.escalationLevel > 0) c.escalated++;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function compileQuarterlyReport(input: ReportInput): QuarterlyReport {
  const { org, year, quarter, now, calendar, yellowWorkingDays } = input;
  const tz = org.timeZone;
  const period = quarterBounds(year, quarter);
  const asOfDay = localDay(now, tz);
  const todayMs = Date.parse(`${asOfDay}T00:00:00Z`);

  const unitName = new Map(input.units.map((u) => [u.id, u.name]));
  const person = new Map(input.people.map((p) => [p.id, p]));
  const item = new Map(input.items.map((i) => [i.id, i]));
  const planTitle = new Map(input.plans.map((p) => [p.id, p.title]));
  const nameOfUnit = (id: number | null) => (id === null ? NO_UNIT : (unitName.get(id) ?? `单位#${id}`));
  const nameOfOwner = (id: number | null) => (id === null ? NO_OWNER : (person.get(id)?.name ?? `人员#${id}`));
  const titleOf = (id: number) => item.get(id)?.title ?? `事项#${id}`;

  // Evidence by task (only rows of tasks in the report are used below).
  const evidenceByTask = new Map<number, NonNullable<ReportInput['evidence']>>();
  for (const e of input.evidence ?? []) {
    let list = evidenceByTask.get(e.taskId);
    if (!list) evidenceByTask.set(e.taskId, (list = []));
    list.push(e);
  }
  // Last return per task from the audit trail.
  const lastReturn = new Map<number, number>();
  for (const a of input.audit ?? []) {
    if (a.taskId === null || a.at.getTime() > now.getTime()) continue;
    if (a.action === 'return' || a.toStatus === 'returned') {
      const prev = lastReturn.get(a.taskId);
      if (prev === undefined || a.at.getTime() > prev) lastReturn.set(a.taskId, a.at.getTime());
    }
  }

  // Lights: red = overdue; yellow = unfinished and due within N working days; memoised per due day
  // (the same rule as tasks/task-light.ts taskLight, which the spec checks task by task).
  const yellowByDay = new Map<string, boolean>();
  const lightOf = (t: ReportTask, cat: Category): Light => {
    if (cat === 'overdue') return 'red';
    if (cat !== 'open') return 'green';
    if (t.dueDay <= asOfDay) return 'yellow';
    let y = yellowByDay.get(t.dueDay);
    if (y === undefined) yellowByDay.set(t.dueDay, (y = calendar.workingDaysBetween(asOfDay, t.dueDay) <= yellowWorkingDays));
    return y ? 'yellow' : 'green';
  };
  const daysOverdueByDay = new Map<string, number>();
  const daysOverdue = (dueDay: string) => {
    let d = daysOverdueByDay.get(dueDay);
    if (d === undefined) daysOverdueByDay.set(dueDay, (d = Math.max(1, Math.round((todayMs - Date.parse(`${dueDay}T00:00:00Z`)) / 86_400_000))));
    return d;
  };

  const scoped = input.tasks.filter((t) => inReportScope(t, period.startDay, period.endDay));
  scoped.sort((a, b) => (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : a.id - b.id));

  const totals = emptyCounts();
  const lights: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
  const byUnit = new Map<number | null, Counts>();
  const byOwner = new Map<number | null, Counts>();
  const rows: LedgerRow[] = new Array(scoped.length);
  const overdue: OverdueEntry[] = [];
  const repeatedReturns: ReturnedEntry[] = [];
  const evidenceEntries: EvidenceIndexEntry[] = [];
  const shas = new Set<string>();
  let evidenceFiles = 0;
  let tasksMissingEvidence = 0;
  let carriedOver = 0;

  for (let i = 0; i < scoped.length; i++) {
    const t = scoped[i];
    const cat = categorize(t, now);
    const light = lightOf(t, cat);
    lights[light]++;
    add(totals, t, cat);
    let u = byUnit.get(t.unitId);
    if (!u) byUnit.set(t.unitId, (u = emptyCounts()));
    add(u, t, cat);
    let o = byOwner.get(t.ownerId);
    if (!o) byOwner.set(t.ownerId, (o = emptyCounts()));
    add(o, t, cat);

    const it = item.get(t.itemId);
    const itemTitle = titleOf(t.itemId);
    const owner = nameOfOwner(t.ownerId);
    const unit = nameOfUnit(t.unitId);
    const name = statusName(t.status, cat);
    const late = cat === 'overdue' ? daysOverdue(t.dueDay) : 0;
    const files = evidenceByTask.get(t.id) ?? [];
    const isCarried = t.dueDay < period.startDay;
    if (isCarried) carriedOver++;

    rows[i] = {
      taskId: t.id,
      itemId: t.itemId,
      planId: t.planId,
      itemTitle,
      planTitle: planTitle.get(t.planId) ?? '',
      section: it ? it.sectionPath.join(' / ') : '',
      label: t.label,
      periodKey: t.periodKey,
      startDay: t.startDay,
      dueDay: t.dueDay,
      dueAt: t.dueAt.toISOString(),
      originalDueAt: iso(t.originalDueAt),
      submittedAt: iso(t.submittedAt),
      doneAt: iso(t.doneAt),
      status: t.status,
      statusName: name,
      category: cat,
      light,
      daysOverdue: late,
      escalationLevel: t.escalationLevel,
      returnCount: t.returnCount,
      ownerId: t.ownerId,
      ownerName: owner,
      unitId: t.unitId,
      unitName: unit,
      evidenceCount: files.length,
      carriedOver: isCarried,
    };

    if (cat === 'overdue') {
      overdue.push({
        taskId: t.id,
        itemTitle,
        label: t.label,
        dueDay: t.dueDay,
        daysOverdue: late,
        escalationLevel: t.escalationLevel,
        ownerName: owner,
        unitName: unit,
        statusName: STATUS_NAMES[t.status],
      });
    }
    if (t.returnCount > 1) {
      const last = lastReturn.get(t.id);
      repeatedReturns.push({
        taskId: t.id,
        itemTitle,
        label: t.label,
        returnCount: t.returnCount,
        lastReturnedAt: last === undefined ? null : new Date(last).toISOString(),
        statusName: name,
        ownerName: owner,
        unitName: unit,
      });
    }

    // Evidence index: every task with files, and every submitted/done task whose item expects some.
    const reqs = it?.evidenceRequirements ?? [];
    const needsCheck = (t.status === 'submitted' || t.status === 'done') && reqs.length > 0;
    if (files.length > 0 || needsCheck) {
      const missing: string[] = [];
      if (needsCheck) {
        for (const r of reqs) {
          const have = files.filter((f) => f.kind === r.kind).length;
          if (have < r.min) missing.push(`${r.kind} ${have}/${r.min}`);
        }
        if (missing.length > 0) tasksMissingEvidence++;
      }
      evidenceFiles += files.length;
      for (const f of files) if (f.sha256) shas.add(f.sha256);
      evidenceEntries.push({
        taskId: t.id,
        itemTitle,
        label: t.label,
        unitName: unit,
        count: files.length,
        files: files.map((f) => ({ fileName: f.fileName, sha256: f.sha256, kind: f.kind })),
        missing,
      });
    }
  }

  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || b.escalationLevel - a.escalationLevel || a.taskId - b.taskId);
  repeatedReturns.sort((a, b) => b.returnCount - a.returnCount || a.taskId - b.taskId);

  // Groups keep the order of the input (units as listed, people as listed): no ranking unless an org asks for one.
  const unitOrder = new Map(input.units.map((u, i) => [u.id, i]));
  const personOrder = new Map(input.people.map((p, i) => [p.id, i]));
  const orderOf = (m: Map<number, number>, id: number | null) => (id === null ? Number.MAX_SAFE_INTEGER : (m.get(id) ?? Number.MAX_SAFE_INTEGER - 1));
  const groups = (m: Map<number | null, Counts>, order: Map<number, number>, nameOf: (id: number | null) => string): GroupStat[] =>
    [...m.entries()]
      .sort(([a], [b]) => orderOf(order, a) - orderOf(order, b) || (a ?? 0) - (b ?? 0))
      .map(([id, counts]) => ({ id, name: nameOf(id), counts, rates: ratesOf(counts) }));

  const evidence: EvidenceIndex = {
    files: evidenceFiles,
    distinctFiles: shas.size,
    tasksWithEvidence: evidenceEntries.filter((e) => e.count > 0).length,
    tasksMissingEvidence,
    entries: evidenceEntries,
  };

  // Next quarter: tasks due in it that are not cancelled, by month.
  const nq = nextQuarterOf(year, quarter);
  const nb = quarterBounds(nq.year, nq.quarter);
  const firstMonth = (nq.quarter - 1) * 3 + 1;
  const months: NextQuarter['months'] = [0, 1, 2].map((k) => ({ month: firstMonth + k, tasks: [] }));
  let nextTotal = 0;
  const nextTasks = input.tasks.filter((t) => t.dueDay >= nb.startDay && t.dueDay <= nb.endDay && t.status !== 'cancelled');
  nextTasks.sort((a, b) => (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : a.id - b.id));
  for (const t of nextTasks) {
    const m = Number(t.dueDay.slice(5, 7));
    months[m - firstMonth].tasks.push({
      taskId: t.id,
      itemTitle: titleOf(t.itemId),
      label: t.label,
      dueDay: t.dueDay,
      ownerName: nameOfOwner(t.ownerId),
      unitName: nameOfUnit(t.unitId),
    });
    nextTotal++;
  }
  const nextQuarter: NextQuarter = { ...nq, ...nb, total: nextTotal, months };

  const usedPlanIds = new Set(scoped.map((t) => t.planId));
  const plans = input.plans.filter((p) => usedPlanIds.has(p.id));
  const office = input.office ?? org.name;
  const report: Omit<QuarterlyReport, 'text'> = {
    org: { ...org },
    year,
    quarter,
    issueNo: quarter,
    title: `${org.name}${year}年${QUARTER_NAMES[quarter]}工作计划落实情况督查通报`,
    office,
    asOf: now.toISOString(),
    asOfDay,
    dateText: chineseDate(asOfDay),
    period,
    plans,
    scope: { total: scoped.length, dueInQuarter: scoped.length - carriedOver, carriedOver },
    totals,
    rates: ratesOf(totals),
    lights,
    byUnit: groups(byUnit, unitOrder, nameOfUnit),
    byOwner: groups(byOwner, personOrder, nameOfOwner).map((g) => ({ ...g, unitName: g.id === null ? '' : nameOfUnit(person.get(g.id)?.unitId ?? null) })),
    overdue,
    repeatedReturns,
    evidence,
    nextQuarter,
    rows,
  };
  return { ...report, text: buildText(report, { yellowWorkingDays, laggingPoints: input.laggingPoints ?? 10 }) };
}
