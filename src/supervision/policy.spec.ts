import { createWorkingCalendar } from '../schedule/index.js';
import type { TaskStatus } from '../tasks/task.entity.js';
import { DEFAULT_POLICY, firstSendable, mergePolicy, notificationsDue, timelineMemo, type PolicyTask } from './policy.js';

const cal = createWorkingCalendar();
const TZ = 'Asia/Shanghai';
const P = DEFAULT_POLICY;
/** Local Beijing time → instant. */
const bj = (s: string) => new Date(`${s}+08:00`);
const task = (startDay: string, dueDay: string, status: TaskStatus = 'open'): PolicyTask => ({ status, startDay, dueDay, dueAt: bj(`${dueDay}T23:59:59.999`) });
const FAR = bj('2026-12-31T12:00:00');

/** stage → local instant, for every stage up to `now`. */
function timeline(t: PolicyTask, now = FAR, policy = P): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of notificationsDue(t, now, cal, policy, TZ).due) {
    out[s.stage] = new Date(s.at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  }
  return out;
}

describe('reminder and escalation policy', () => {
  it('reminds on window open, 5 and 1 working days before, then chases up the ladder', () => {
    const tl = timeline(task('2024-03-01', '2024-03-29'), bj('2024-04-12T12:00:00'));
    expect(tl).toEqual({
      'window-open': '2024-03-01 09:00',
      'before-5': '2024-03-22 09:00',
      'before-1': '2024-03-28 09:00',
      overdue: '2024-04-01 09:00',
      'escalate-1': '2024-04-02 09:00',
      'escalate-2': '2024-04-03 09:00',
      // Weekly repeat from 04-03: 04-10 (Wed).
      'escalate-2-w2': '2024-04-10 09:00',
    });
  });

  it('counts working days across the 2024 National Day holiday and its make-up Sunday (09-29)', () => {
    const tl = timeline(task('2024-09-01', '2024-10-08'), bj('2024-10-20T12:00:00'));
    expect(tl['before-5']).toBe('2024-09-25 09:00'); // 09-30, 09-29(调休), 09-27, 09-26, 09-25
    expect(tl['before-1']).toBe('2024-09-30 09:00');
    expect(tl.overdue).toBe('2024-10-09 09:00');
    expect(tl['escalate-1']).toBe('2024-10-10 09:00');
    expect(tl['escalate-2']).toBe('2024-10-11 09:00');
    // Seven days after Fri 10-11 is Fri 10-18.
    expect(tl['escalate-2-w2']).toBe('2024-10-18 09:00');
  });

  it('does not chase over the holiday: a task due 09-30 becomes overdue on 10-08, the first working day', () => {
    const tl = timeline(task('2024-09-01', '2024-09-30'), bj('2024-10-20T12:00:00'));
    expect(tl.overdue).toBe('2024-10-08 09:00');
    expect(tl['escalate-1']).toBe('2024-10-09 09:00');
    expect(tl['escalate-2']).toBe('2024-10-10 09:00');
    const during = notificationsDue(task('2024-09-01', '2024-09-30'), bj('2024-10-05T12:00:00'), cal, P, TZ);
    expect(during.due.map((s) => s.stage)).not.toContain('overdue');
    expect(during.next).toEqual(bj('2024-10-08T09:00:00'));
  });

  it('handles a due date on a weekend: the last reminder on Friday, overdue on Monday', () => {
    const tl = timeline(task('2024-03-01', '2024-03-31'), bj('2024-04-20T12:00:00'));
    expect(tl['before-1']).toBe('2024-03-29 09:00');
    expect(tl['before-5']).toBe('2024-03-25 09:00');
    expect(tl.overdue).toBe('2024-04-01 09:00');
    expect(tl['escalate-2']).toBe('2024-04-03 09:00');
  });

  it('holds a window opening on a holiday until the next working day, at the end of quiet hours', () => {
    expect(timeline(task('2024-10-01', '2024-10-31'))['window-open']).toBe('2024-10-08 08:00');
  });

  it('sends nothing for a submitted, done or cancelled task', () => {
    for (const status of ['submitted', 'done', 'cancelled'] as const) {
      expect(notificationsDue(task('2024-03-01', '2024-03-29', status), FAR, cal, P, TZ)).toEqual({ due: [], next: null });
    }
  });

  it('keeps chasing a returned task', () => {
    expect(timeline(task('2024-03-01', '2024-03-29', 'returned'), bj('2024-04-01T10:00:00')).overdue).toBe('2024-04-01 09:00');
  });

  it('re-arms reminders when the task is extended to a new due day', () => {
    const before = notificationsDue(task('2024-03-01', '2024-03-29'), bj('2024-04-02T10:00:00'), cal, P, TZ);
    expect(before.due.map((s) => s.stage)).toContain('escalate-1');
    const extended = notificationsDue(task('2024-03-01', '2024-04-30'), bj('2024-04-02T10:00:00'), cal, P, TZ);
    expect(extended.due.map((s) => s.stage)).toEqual(['window-open']);
    expect(extended.next).toEqual(bj('2024-04-24T09:00:00')); // before-5 of 04-30: 04-29, 04-28 (调休 Sunday), 04-26, 04-25, 04-24
  });

  it('reports only what is due so far and the next instant', () => {
    const r = notificationsDue(task('2024-03-01', '2024-03-29'), bj('2024-03-22T08:59:59'), cal, P, TZ);
    expect(r.due.map((s) => s.stage)).toEqual(['window-open']);
    expect(r.next).toEqual(bj('2024-03-22T09:00:00'));
    const r2 = notificationsDue(task('2024-03-01', '2024-03-29'), bj('2024-03-22T09:00:00'), cal, P, TZ);
    expect(r2.due.map((s) => s.stage)).toEqual(['window-open', 'before-5']);
  });

  it('names the recipients by role and the escalation level of each stage', () => {
    const due = notificationsDue(task('2024-03-01', '2024-03-29'), bj('2024-04-03T10:00:00'), cal, P, TZ).due;
    const by = Object.fromEntries(due.map((s) => [s.stage, { roles: s.roles, level: s.level }]));
    expect(by['before-1']).toEqual({ roles: ['owner'], level: 0 });
    expect(by.overdue).toEqual({ roles: ['owner'], level: 0 });
    expect(by['escalate-1']).toEqual({ roles: ['owner', 'unitHead'], level: 1 });
    expect(by['escalate-2']).toEqual({ roles: ['presidium'], level: 2 });
  });

  it('skips reminders that would fall before the window opens (a short window)', () => {
    const tl = timeline(task('2024-03-26', '2024-03-29'));
    expect(tl['before-5']).toBeUndefined();
    expect(tl['before-1']).toBe('2024-03-28 09:00');
    expect(tl['window-open']).toBe('2024-03-26 09:00');
  });

  it('a single-day task gets no window-open notice, only the day-before reminder', () => {
    const tl = timeline(task('2024-03-25', '2024-03-25'));
    expect(tl['window-open']).toBeUndefined();
    expect(tl['before-1']).toBeUndefined(); // 03-22 lies before the window
    expect(tl.overdue).toBe('2024-03-26 09:00');
  });

  it('follows configured offsets, level thresholds and repeat interval', () => {
    const policy = mergePolicy(P, { reminderWorkingDaysBefore: [3], level2AfterWorkingDays: 5, level2RepeatDays: 0, remindOnWindowOpen: false });
    const tl = timeline(task('2024-03-01', '2024-03-29'), FAR, policy);
    expect(Object.keys(tl)).toEqual(['before-3', 'overdue', 'escalate-1', 'escalate-2']);
    expect(tl['escalate-2']).toBe('2024-04-08 09:00'); // 04-01,02,03, (04-04..06 清明), 04-07 调休, 04-08
  });

  describe('quiet hours', () => {
    it('moves a send at 21:00 to 08:00 the next working day, and Saturday to Monday', () => {
      expect(firstSendable(bj('2024-03-27T21:00:00'), TZ, cal, P)).toEqual(bj('2024-03-28T08:00:00'));
      expect(firstSendable(bj('2024-03-28T07:10:00'), TZ, cal, P)).toEqual(bj('2024-03-28T08:00:00'));
      expect(firstSendable(bj('2024-03-29T20:00:00'), TZ, cal, P)).toEqual(bj('2024-04-01T08:00:00'));
      expect(firstSendable(bj('2024-03-30T10:00:00'), TZ, cal, P)).toEqual(bj('2024-04-01T08:00:00'));
      expect(firstSendable(bj('2024-03-28T19:59:00'), TZ, cal, P)).toEqual(bj('2024-03-28T19:59:00'));
    });
    it('sends on weekends when configured to', () => {
      expect(firstSendable(bj('2024-03-30T10:00:00'), TZ, cal, { ...P, sendOnNonWorkingDays: true })).toEqual(bj('2024-03-30T10:00:00'));
    });
  });

  it('generates weekly level-2 repeats while overdue, each one once', () => {
    const due = notificationsDue(task('2024-03-01', '2024-03-29'), bj('2024-05-01T10:00:00'), cal, P, TZ);
    const repeats = due.due.filter((s) => s.stage.startsWith('escalate-2'));
    expect(repeats.map((s) => s.stage)).toEqual(['escalate-2', 'escalate-2-w2', 'escalate-2-w3', 'escalate-2-w4']);
    expect(new Set(repeats.map((s) => s.at.getTime())).size).toBe(4);
    expect(due.next!.getTime()).toBeGreaterThan(bj('2024-05-01T10:00:00').getTime());
  });

  it('ignores unknown and mistyped keys when merging an org override', () => {
    const merged = mergePolicy(P, { level2AfterWorkingDays: 4, sendTime: 9 as unknown as string, bogus: 1 } as never);
    expect(merged.level2AfterWorkingDays).toBe(4);
    expect(merged.sendTime).toBe('09:00');
    expect('bogus' in merged).toBe(false);
  });

  it('gives the same answer with a per-run timeline memo, shared across tasks, statuses and policies', () => {
    const memo = timelineMemo();
    const other = mergePolicy(P, { level2AfterWorkingDays: 5 });
    const tasks = [
      task('2024-03-01', '2024-03-29'),
      task('2024-03-01', '2024-03-29', 'done'),
      task('2024-03-01', '2024-03-29', 'scheduled'),
      task('2024-09-01', '2024-10-08'),
      task('2024-03-29', '2024-03-29'),
    ];
    for (const now of [bj('2024-03-25T12:00:00'), bj('2024-04-12T12:00:00'), bj('2024-10-20T12:00:00')]) {
      for (const policy of [P, other]) {
        for (const t of [...tasks, ...tasks]) expect(notificationsDue(t, now, cal, policy, TZ, memo)).toEqual(notificationsDue(t, now, cal, policy, TZ));
      }
    }
  });
});

describe('activation grace', () => {
  // A 2024 task activated on Tue 2025-12-02 with 5 working days of grace: the chase counts from Tue 2025-12-09.
  const late = { ...task('2024-03-01', '2024-03-29'), graceUntilDay: '2025-12-09' };
  const stagesAt = (s: string) => notificationsDue(late, bj(s), cal, P, TZ).due.map((d) => d.stage);
  it('sends only the reminder on the first day, nothing escalated during the grace', () => {
    expect(stagesAt('2025-12-02T10:00:00')).toEqual(['window-open', 'before-5', 'before-1']);
    expect(stagesAt('2025-12-09T18:00:00')).not.toContain('overdue');
  });
  it('then the overdue notice, unit head and presidium as if the due day were the end of the grace', () => {
    expect(stagesAt('2025-12-10T09:00:00')).toContain('overdue');
    expect(stagesAt('2025-12-10T09:00:00')).not.toContain('escalate-1');
    expect(stagesAt('2025-12-11T09:00:00')).toContain('escalate-1');
    expect(stagesAt('2025-12-11T09:00:00')).not.toContain('escalate-2');
    expect(stagesAt('2025-12-12T09:00:00')).toContain('escalate-2');
  });
  it('without grace the same task is escalated at once', () => {
    const due = notificationsDue({ ...late, graceUntilDay: null }, bj('2025-12-02T10:00:00'), cal, P, TZ).due.map((d) => d.stage);
    expect(due).toContain('escalate-2');
  });
});
