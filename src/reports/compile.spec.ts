import { createWorkingCalendar, localDay } from '../schedule/index.js';
import { daysOverdue, isOverdue, taskLight } from '../tasks/task-light.js';
import { UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { compileQuarterlyReport, inReportScope } from './compile.js';
import { syntheticInput } from './fixtures.js';
import { quarterBounds } from './quarter.js';
import { CATEGORIES, type Counts, type Quarter, type ReportInput, type ReportTask } from './types.js';

const calendar = createWorkingCalendar();
const TZ = 'Asia/Shanghai';

/** Direct filters over the task table — the definitions the report must agree with. */
function direct(tasks: ReportTask[], now: Date) {
  const late = (t: ReportTask) =>
    t.onTime !== null ? !t.onTime : !((t.submittedAt ?? t.doneAt) && (t.submittedAt ?? t.doneAt)!.getTime() <= t.dueAt.getTime());
  const unfinished = (t: ReportTask) => UNFINISHED_STATUSES.includes(t.status);
  const f = (p: (t: ReportTask) => boolean) => tasks.filter(p).length;
  const c: Counts = {
    total: tasks.length,
    doneOnTime: f((t) => t.status === 'done' && !late(t)),
    doneLate: f((t) => t.status === 'done' && late(t)),
    done: f((t) => t.status === 'done'),
    submitted: f((t) => t.status === 'submitted'),
    open: f((t) => unfinished(t) && now.getTime() <= t.dueAt.getTime()),
    overdue: f((t) => isOverdue(t, now)),
    cancelled: f((t) => t.status === 'cancelled'),
    extended: f((t) => t.originalDueAt !== null),
    returned: f((t) => t.status === 'returned'),
    escalated: f((t) => t.escalationLevel > 0),
  };
  return c;
}

const cases: Array<{ seed: number; quarter: Quarter; now: string }> = [
  { seed: 1, quarter: 3, now: '2024-10-08T02:00:00Z' },
  { seed: 2, quarter: 3, now: '2024-08-15T16:30:00Z' }, // mid-quarter: open and yellow tasks exist
  { seed: 3, quarter: 4, now: '2025-01-06T01:00:00Z' },
  { seed: 4, quarter: 1, now: '2024-03-29T15:59:59Z' }, // a second before local midnight
  { seed: 5, quarter: 2, now: '2024-07-01T00:00:00Z' },
  { seed: 6, quarter: 4, now: '2024-12-30T08:00:00Z' },
];

describe('compileQuarterlyReport reconciles with the task table', () => {
  it.each(cases)('seed $seed, Q$quarter at $now', ({ seed, quarter, now: nowIso }) => {
    const now = new Date(nowIso);
    const year = Number(nowIso.slice(0, 4)) - (quarter === 4 && nowIso.startsWith('2025') ? 1 : 0);
    const input = syntheticInput({ seed, tasks: 1500, units: 7, owners: 40, items: 60, year, quarter, now, calendar });
    const r = compileQuarterlyReport(input);
    const { startDay, endDay } = quarterBounds(year, quarter);
    const scoped = input.tasks.filter(
      (t) => (t.dueDay >= startDay && t.dueDay <= endDay) || (t.dueDay < startDay && ['scheduled', 'open', 'returned', 'submitted'].includes(t.status)),
    );
    expect(scoped.length).toBeGreaterThan(300);

    // every count equals a direct filter
    expect(r.totals).toEqual(direct(scoped, now));
    expect(r.scope.total).toBe(scoped.length);
    expect(r.scope.carriedOver).toBe(scoped.filter((t) => t.dueDay < startDay).length);
    expect(r.rows.map((x) => x.taskId).sort((a, b) => a - b)).toEqual(scoped.map((t) => t.id).sort((a, b) => a - b));

    // categories partition the set
    const sum = CATEGORIES.reduce((s, c) => s + r.totals[c], 0);
    expect(sum).toBe(r.totals.total);
    expect(r.totals.done).toBe(r.totals.doneOnTime + r.totals.doneLate);
    for (const c of CATEGORIES) expect(r.rows.filter((x) => x.category === c).length).toBe(r.totals[c]);

    // rates are ratios of counts
    const eff = r.totals.total - r.totals.cancelled;
    expect(r.rates.completion).toEqual({ num: r.totals.done, den: eff, value: r.totals.done / eff });
    expect(r.rates.onTime).toEqual({ num: r.totals.doneOnTime, den: eff, value: r.totals.doneOnTime / eff });

    // per unit and per owner: each group is a direct filter, and groups sum to the totals
    for (const [groups, key] of [
      [r.byUnit, 'unitId'],
      [r.byOwner, 'ownerId'],
    ] as const) {
      for (const g of groups) {
        const mine = scoped.filter((t) => t[key] === g.id);
        expect(g.counts).toEqual(direct(mine, now));
        const e = g.counts.total - g.counts.cancelled;
        expect(g.rates.completion.value).toBe(e === 0 ? null : g.counts.done / e);
        expect(g.rates.onTime.num).toBe(g.counts.doneOnTime);
      }
      for (const k of Object.keys(r.totals) as Array<keyof Counts>) expect(groups.reduce((s, g) => s + g.counts[k], 0)).toBe(r.totals[k]);
    }

    // lights agree task by task with tasks/task-light.ts; red = overdue
    const byId = new Map(scoped.map((t) => [t.id, t]));
    for (const x of r.rows) {
      const t = byId.get(x.taskId)!;
      expect(x.light).toBe(taskLight(t, now, TZ, calendar, input.yellowWorkingDays));
      expect(x.daysOverdue).toBe(daysOverdue(t, now, TZ));
    }
    expect(r.lights.red).toBe(r.totals.overdue);
    expect(r.lights.red + r.lights.yellow + r.lights.green).toBe(r.totals.total);

    // overdue list: exactly the overdue tasks, longest first
    expect(r.overdue.map((o) => o.taskId).sort((a, b) => a - b)).toEqual(
      scoped
        .filter((t) => isOverdue(t, now))
        .map((t) => t.id)
        .sort((a, b) => a - b),
    );
    for (let i = 1; i < r.overdue.length; i++) expect(r.overdue[i - 1].daysOverdue).toBeGreaterThanOrEqual(r.overdue[i].daysOverdue);
    // repeatedly returned
    expect(r.repeatedReturns.map((x) => x.taskId).sort((a, b) => a - b)).toEqual(
      scoped
        .filter((t) => t.returnCount > 1)
        .map((t) => t.id)
        .sort((a, b) => a - b),
    );
    // evidence index
    const ids = new Set(scoped.map((t) => t.id));
    const ev = input.evidence!.filter((e) => ids.has(e.taskId));
    expect(r.evidence.files).toBe(ev.length);
    expect(r.evidence.distinctFiles).toBe(new Set(ev.map((e) => e.sha256)).size);
    expect(r.evidence.tasksWithEvidence).toBe(new Set(ev.map((e) => e.taskId)).size);
    expect(r.rows.reduce((s, x) => s + x.evidenceCount, 0)).toBe(ev.length);

    // next quarter: tasks due in it, not cancelled
    const nq = quarter === 4 ? { year: year + 1, quarter: 1 as Quarter } : { year, quarter: (quarter + 1) as Quarter };
    const nb = quarterBounds(nq.year, nq.quarter);
    expect(r.nextQuarter).toMatchObject({ ...nq, ...nb });
    const next = input.tasks.filter((t) => t.dueDay >= nb.startDay && t.dueDay <= nb.endDay && t.status !== 'cancelled');
    expect(r.nextQuarter.total).toBe(next.length);
    expect(r.nextQuarter.months.reduce((s, m) => s + m.tasks.length, 0)).toBe(next.length);
    for (const m of r.nextQuarter.months) for (const t of m.tasks) expect(Number(t.dueDay.slice(5, 7))).toBe(m.month);

    // the text quotes these numbers
    expect(r.text.overview.join('')).toContain(`共${r.totals.total}项`);
    if (r.totals.overdue > 0) expect(r.text.problems[0]).toContain(`逾期未完成${r.totals.overdue}项`);
    expect(r.asOfDay).toBe(localDay(now, TZ));
  });

  it('is deterministic: the same input gives the same report', () => {
    const now = new Date('2024-10-08T02:00:00Z');
    const a = compileQuarterlyReport(syntheticInput({ seed: 9, tasks: 300, units: 3, owners: 9, items: 20, year: 2024, quarter: 3, now, calendar }));
    const b = compileQuarterlyReport(syntheticInput({ seed: 9, tasks: 300, units: 3, owners: 9, items: 20, year: 2024, quarter: 3, now, calendar }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('quarter edges', () => {
  const base = (tasks: ReportTask[], quarter: Quarter, year: number, now: string): ReportInput => ({
    org: { id: 1, name: '某某镇人大主席团', timeZone: TZ },
    year,
    quarter,
    now: new Date(now),
    tasks,
    items: [{ id: 1, planId: 1, title: '召开主席团例会', sectionPath: [], evidenceRequirements: [] }],
    plans: [{ id: 1, title: '某某镇人大主席团2024年工作计划' }],
    people: [{ id: 1, name: '张三', unitId: 1 }],
    units: [{ id: 1, name: '综合办' }],
    calendar,
    yellowWorkingDays: 3,
  });
  const task = (id: number, dueDay: string, status: ReportTask['status'], extra: Partial<ReportTask> = {}): ReportTask => ({
    id,
    planId: 1,
    itemId: 1,
    label: dueDay.slice(0, 7),
    periodKey: dueDay,
    startDay: dueDay,
    dueDay,
    dueAt: new Date(`${dueDay}T15:59:59.999Z`),
    status,
    ownerId: 1,
    unitId: 1,
    escalationLevel: 0,
    submittedAt: status === 'done' ? new Date(`${dueDay}T01:00:00Z`) : null,
    doneAt: status === 'done' ? new Date(`${dueDay}T02:00:00Z`) : null,
    onTime: status === 'done' ? true : null,
    returnCount: 0,
    originalDueAt: null,
    ...extra,
  });

  it('Q4 → next quarter is Q1 of the next year, by month', () => {
    const r = compileQuarterlyReport(
      base(
        [task(1, '2024-12-31', 'done'), task(2, '2025-01-31', 'scheduled'), task(3, '2025-03-31', 'scheduled'), task(4, '2025-04-30', 'scheduled')],
        4,
        2024,
        '2025-01-03T02:00:00Z',
      ),
    );
    expect(r.nextQuarter).toMatchObject({ year: 2025, quarter: 1, startDay: '2025-01-01', endDay: '2025-03-31', total: 2 });
    expect(r.nextQuarter.months.map((m) => [m.month, m.tasks.length])).toEqual([
      [1, 1],
      [2, 0],
      [3, 1],
    ]);
    expect(r.text.nextSteps.join('')).toContain('2025年第一季度共有2项工作任务到期：1月1项');
  });

  it('a quarter with nothing overdue says so, and invents no other problem', () => {
    const r = compileQuarterlyReport(base([task(1, '2024-07-31', 'done'), task(2, '2024-09-30', 'done')], 3, 2024, '2024-10-08T02:00:00Z'));
    expect(r.totals.overdue).toBe(0);
    expect(r.text.problems).toEqual(['本季度无逾期事项。']);
    expect(r.text.progress[0]).toBe('各责任单位均已完成本季度任务。');
    expect(r.text.nextSteps).toEqual(['2024年第四季度暂无到期的工作任务。']);
  });

  it('an empty quarter compiles to zeros and null rates', () => {
    const r = compileQuarterlyReport(base([], 2, 2024, '2024-07-02T02:00:00Z'));
    expect(r.totals.total).toBe(0);
    expect(r.rates.completion).toEqual({ num: 0, den: 0, value: null });
    expect(r.text.overview[0]).toContain('没有到期的工作任务');
  });

  it('a task due at the last local second of the quarter is in it; one due the next local day is not', () => {
    const r = compileQuarterlyReport(base([task(1, '2024-09-30', 'open'), task(2, '2024-10-01', 'open')], 3, 2024, '2024-09-30T15:00:00Z'));
    expect(r.rows.map((x) => x.taskId)).toEqual([1]);
    expect(r.rows[0].light).toBe('yellow');
    expect(r.nextQuarter.total).toBe(1);
    expect(inReportScope({ dueDay: '2024-06-30', status: 'done' }, '2024-07-01', '2024-09-30')).toBe(false);
    expect(inReportScope({ dueDay: '2024-06-30', status: 'submitted' }, '2024-07-01', '2024-09-30')).toBe(true);
  });
});
