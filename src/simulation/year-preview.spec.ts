import { previewMessages, type PreviewTask } from '../plans/activation.js';
import { addDays, createWorkingCalendar, localDay } from '../schedule/index.js';
import { DEFAULT_POLICY } from '../supervision/policy.js';
import type { TaskStatus } from '../tasks/task.entity.js';
import { sweepInstants, yearMessages, type YearPreviewContext } from './year-preview.js';

const cal = createWorkingCalendar();
const TZ = 'Asia/Shanghai';
const bj = (s: string) => new Date(`${s}+08:00`);
const HORIZON = 48 * 3600_000;
let nextId = 1;
const task = (startDay: string, dueDay: string, ownerId: number | null, unitId: number | null, more: Partial<PreviewTask> = {}): PreviewTask => ({
  id: nextId++,
  status: 'open' as TaskStatus,
  startDay,
  dueDay,
  dueAt: bj(`${dueDay}T23:59:59.999`),
  graceUntilDay: null,
  ownerId,
  unitId,
  ...more,
});
const ctx = (now: Date, to: string, more: Partial<YearPreviewContext> = {}): YearPreviewContext => ({
  now,
  tz: TZ,
  calendar: cal,
  policy: DEFAULT_POLICY,
  unitHeads: new Map([[10, 2]]),
  presidium: [3],
  to,
  horizonMs: HORIZON,
  ...more,
});
const byPerson = (r: ReturnType<typeof yearMessages>) =>
  Object.fromEntries(r.people.map((p) => [p.personId, Object.fromEntries(r.months.map((m, i) => [m, p.months[i]]))]));

describe('the year preview: messages per person per month, nobody acting', () => {
  it('one task left undone: the owner’s reminders and chase, the unit head’s escalation, the presidium’s alerts, in their months', () => {
    const r = yearMessages([task('2024-03-01', '2024-03-29', 1, 10)], ctx(bj('2024-02-26T10:00:00'), '2024-04-30'));
    expect(r.months).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(byPerson(r)).toEqual({
      // window-open 03-01, before-5 03-22, before-1 03-28; overdue 04-01, escalate-1 04-02.
      1: { '2024-02': 0, '2024-03': 3, '2024-04': 2 },
      2: { '2024-02': 0, '2024-03': 0, '2024-04': 1 },
      // 04-01 newly overdue; escalate-2 on 04-03, repeated weekly 04-10, 04-17, 04-24.
      3: { '2024-02': 0, '2024-03': 0, '2024-04': 5 },
    });
    expect(r.people.map((p) => p.personId)).toEqual([1, 3, 2]); // most first
    expect(r.people.find((p) => p.personId === 3)).toMatchObject({ digests: 0, presidiumAlerts: 5 });
    expect(r.perMonth).toEqual([0, 3, 8]);
    expect(r.total).toBe(11);
  });

  it('one digest per person per sweep however many of their tasks fall due then', () => {
    const tasks = [1, 2, 3].map(() => task('2024-03-01', '2024-03-29', 1, null));
    const r = yearMessages(tasks, ctx(bj('2024-02-26T10:00:00'), '2024-03-31', { presidium: [] }));
    expect(byPerson(r)).toEqual({ 1: { '2024-02': 0, '2024-03': 3 } });
  });

  it('finished tasks send nothing; a grace period moves the chase and keeps the tasks out of the presidium’s news', () => {
    const done = task('2024-01-01', '2024-01-31', 1, 10, { status: 'done' });
    expect(yearMessages([done], ctx(bj('2024-02-26T10:00:00'), '2024-12-31')).total).toBe(0);
    // Activated on 12-02 with last year's task: reminders already past go out at once (one digest), the chase after the grace.
    const late = task('2025-03-01', '2025-03-31', 1, 10, { graceUntilDay: '2025-12-09' });
    const r = yearMessages([late], ctx(bj('2025-12-02T10:00:00'), '2025-12-31'));
    const days = Object.fromEntries(r.days.map((d) => [d.day, d]));
    expect(days['2025-12-02']).toEqual({ day: '2025-12-02', digests: 1, presidiumAlerts: 0 });
    expect(days['2025-12-10']).toEqual({ day: '2025-12-10', digests: 1, presidiumAlerts: 0 }); // overdue notice after the grace
    expect(days['2025-12-11']).toEqual({ day: '2025-12-11', digests: 2, presidiumAlerts: 0 }); // escalate-1: owner and head
    expect(days['2025-12-12']?.presidiumAlerts).toBe(1); // escalate-2
    expect(Object.keys(days).filter((d) => d < '2025-12-12' && days[d].presidiumAlerts)).toEqual([]);
  });

  it('agrees day by day with the sweep-by-sweep replay of previewMessages (7, 45 and 20 days, mixed tasks)', () => {
    const tasks: PreviewTask[] = [];
    const owners = [1, 4, 5, 3]; // 3 is presidium and owns a task too
    for (let i = 0; i < 30; i++) {
      const start = addDays('2024-01-01', (i * 11) % 200);
      const due = addDays(start, 3 + ((i * 7) % 40));
      tasks.push(
        task(start, due, i % 9 === 0 ? null : owners[i % owners.length], i % 3 === 0 ? 10 : i % 3 === 1 ? 11 : null, {
          status: (['open', 'scheduled', 'returned', 'open', 'submitted'] as TaskStatus[])[i % 5],
          graceUntilDay: i % 7 === 0 ? '2024-03-12' : null,
        }),
      );
    }
    for (const [now, days] of [
      [bj('2024-03-05T10:00:00'), 7],
      [bj('2024-03-05T08:30:00'), 45],
      [bj('2024-09-27T19:00:00'), 20], // over the National Day holiday
    ] as const) {
      const c = ctx(now, addDays(localDay(now, TZ), days - 1), {
        unitHeads: new Map([
          [10, 2],
          [11, null],
        ]),
        presidium: [3, 6],
      });
      const fast = yearMessages(tasks, c);
      const replay = previewMessages(tasks, { ...c, days });
      expect(fast.days).toEqual(replay.days.filter((d) => d.digests || d.presidiumAlerts));
      expect(fast.total).toBe(replay.firstWeek);
      expect(fast.total).toBeGreaterThan(0);
    }
  });

  it('sweeps: the tick at activation, then 09:00 and 18:00 each day', () => {
    const s = sweepInstants(bj('2024-03-05T10:00:00'), '2024-03-06', TZ).map((x) => new Date(x).toISOString());
    expect(s).toEqual(['2024-03-05T02:00:00.000Z', '2024-03-05T10:00:00.000Z', '2024-03-06T01:00:00.000Z', '2024-03-06T10:00:00.000Z']);
  });

  it('a 500-task plan over a year: everyone who would be sent something, the presidium first (speed: npm run bench:year-preview)', () => {
    const tasks: PreviewTask[] = [];
    for (let i = 0; i < 500; i++) {
      const start = addDays('2024-01-01', i % 330);
      tasks.push(task(start, addDays(start, 5 + (i % 30)), 100 + (i % 40), 10));
    }
    const c = ctx(bj('2024-01-02T10:00:00'), '2024-12-31', { presidium: [3, 6, 7] });
    const r = yearMessages(tasks, c);
    expect(r.people.length).toBe(40 + 1 + 3);
    expect(r.people.slice(0, 3).map((p) => p.personId)).toEqual([3, 6, 7]); // nobody acting: the presidium gets the most
  });
});
