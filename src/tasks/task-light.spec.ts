import { createWorkingCalendar } from '../schedule/index.js';
import { daysOverdue, isOverdue, taskLight } from './task-light.js';
import { daysOverdueFromBounds, lightBounds } from './light-sql.js';

const cal = createWorkingCalendar();
const TZ = 'Asia/Shanghai';
const task = (status: 'open' | 'submitted' | 'done' | 'scheduled' | 'returned', dueDay: string) => ({
  status,
  dueDay,
  dueAt: new Date(`${dueDay}T15:59:59.999Z`),
});

describe('traffic lights', () => {
  it('is red once the due instant has passed and the task is unfinished', () => {
    const t = task('open', '2024-03-29');
    expect(isOverdue(t, new Date('2024-03-29T15:59:59.999Z'))).toBe(false);
    expect(isOverdue(t, new Date('2024-03-29T16:00:00.000Z'))).toBe(true);
    expect(taskLight(t, new Date('2024-03-30T01:00:00Z'), TZ, cal, 3)).toBe('red');
  });
  it('is never red once submitted or done', () => {
    expect(taskLight(task('submitted', '2024-03-01'), new Date('2024-04-01T00:00:00Z'), TZ, cal, 3)).toBe('green');
    expect(taskLight(task('done', '2024-03-01'), new Date('2024-04-01T00:00:00Z'), TZ, cal, 3)).toBe('green');
  });
  it('is yellow within N working days, counting the 2024 National Day holiday as non-working', () => {
    // 2024-09-27 (Fri) → due 2024-10-08 (Tue): working days between are 09-29 (调休 Sunday), 09-30, 10-08 = 3
    const t = task('open', '2024-10-08');
    expect(taskLight(t, new Date('2024-09-27T02:00:00Z'), TZ, cal, 3)).toBe('yellow');
    expect(taskLight(t, new Date('2024-09-27T02:00:00Z'), TZ, cal, 2)).toBe('green');
  });
  it('counts days overdue in the org zone', () => {
    expect(daysOverdue(task('open', '2024-01-31'), new Date('2024-03-05T02:00:00Z'), TZ)).toBe(34);
    expect(daysOverdue(task('done', '2024-01-31'), new Date('2024-03-05T02:00:00Z'), TZ)).toBe(0);
  });
});

describe('days overdue from the request bounds (light-sql.ts)', () => {
  it('equals daysOverdue for every status, due day and instant around local midnight, in two zones', () => {
    const nows = ['2024-03-29T15:59:59.999Z', '2024-03-29T16:00:00Z', '2024-03-30T23:59:00Z', '2024-04-02T04:00:00Z', '2024-04-02T12:00:00Z'].map(
      (s) => new Date(s),
    );
    let compared = 0;
    for (const tz of [TZ, 'America/New_York'])
      for (const now of nows)
        for (const status of ['open', 'submitted', 'done', 'scheduled', 'returned'] as const)
          for (const dueDay of ['2024-03-01', '2024-03-29', '2024-03-30', '2024-04-01', '2024-04-02', '2024-04-10']) {
            const t = task(status, dueDay);
            expect(daysOverdueFromBounds(t, lightBounds(now, tz, cal, 3))).toBe(daysOverdue(t, now, tz));
            compared++;
          }
    expect(compared).toBe(300);
  });
});
