import { createWorkingCalendar } from './calendar.js';
import { expandSchedule } from './expand.js';
import { parseSchedule } from './parse.js';
import type { ExpandOptions, PlannedTask, Schedule, ScheduleDetail } from './types.js';

const SH = 'Asia/Shanghai';
const none: Schedule = { window: null, deadline: null, recurrence: null, times: null, year: null };
const s = (partial: Partial<Schedule>): Schedule => ({ ...none, ...partial });
const detail = (partial: Partial<ScheduleDetail>): ScheduleDetail => ({ startDay: null, dayOfMonth: null, matched: [], timesUnknown: false, ...partial });

/** [periodKey, label, start, dueDay, due instant] */
const rows = (tasks: PlannedTask[]) => tasks.map((t) => [t.periodKey, t.label, t.start, t.dueDay, t.due.toISOString()]);

function expandText(text: string, opts: Omit<ExpandOptions, 'detail'>): PlannedTask[] {
  const parsed = parseSchedule(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return expandSchedule(parsed.schedule, { ...opts, detail: parsed.detail });
}

describe('expandSchedule: one task', () => {
  it('no schedule → the whole year', () => {
    expect(rows(expandSchedule(null, { year: 2024, tz: SH }))).toEqual([['2024', '2024年', '2024-01-01', '2024-12-31', '2024-12-31T15:59:59.999Z']]);
  });

  it('a window of months runs from its first to its last day', () => {
    expect(rows(expandSchedule(s({ window: { start: '09', end: '10' } }), { year: 2024, tz: SH }))).toEqual([
      ['2024', '2024年9—10月', '2024-09-01', '2024-10-31', '2024-10-31T15:59:59.999Z'],
    ]);
    expect(rows(expandSchedule(s({ window: { start: '02', end: '02' } }), { year: 2024, tz: SH }))[0]).toEqual([
      '2024',
      '2024年2月',
      '2024-02-01',
      '2024-02-29',
      '2024-02-29T15:59:59.999Z',
    ]);
  });

  it.each([
    ['第四季度', ['2024', '2024年第四季度', '2024-10-01', '2024-12-31']],
    ['上半年', ['2024', '2024年上半年', '2024-01-01', '2024-06-30']],
    ['下半年', ['2024', '2024年下半年', '2024-07-01', '2024-12-31']],
    ['全年', ['2024', '2024年全年', '2024-01-01', '2024-12-31']],
    ['1月份', ['2024', '2024年1月', '2024-01-01', '2024-01-31']],
    ['10月底前', ['2024', '2024年10月底前', '2024-01-01', '2024-10-31']],
    ['3月25日', ['2024', '2024年3月25日', '2024-01-01', '2024-03-25']],
    ['3月中旬前', ['2024', '2024年3月20日', '2024-01-01', '2024-03-20']],
    ['3月中旬', ['2024', '2024年3月中旬', '2024-03-11', '2024-03-20']],
    ['3月下旬', ['2024', '2024年3月下旬', '2024-03-21', '2024-03-31']],
    ['3月25日至4月10日', ['2024', '2024年3月25日至4月10日', '2024-03-25', '2024-04-10']],
    ['3—4月份,4月10日前完成', ['2024', '2024年3—4月（4月10日前）', '2024-03-01', '2024-04-10']],
    ['第四季度,10月底前完成', ['2024', '2024年第四季度（10月底前）', '2024-10-01', '2024-10-31']],
    ['2月29日', ['2024', '2024年2月29日', '2024-01-01', '2024-02-29']],
  ])('%s', (text, expected) => {
    expect(rows(expandText(text, { year: 2024, tz: SH })).map((r) => r.slice(0, 4))).toEqual([expected]);
  });

  it('moves 2月29日 to the 28th in a common year', () => {
    expect(expandText('2月29日', { year: 2025, tz: SH })[0].dueDay).toBe('2025-02-28');
  });

  it('uses the written year over the plan year, and 明年 adds one', () => {
    expect(expandText('2018年3月', { year: 2024, tz: SH })[0]).toMatchObject({
      periodKey: '2018',
      label: '2018年3月',
      start: '2018-03-01',
      dueDay: '2018-03-31',
    });
    expect(expandText('明年3月', { year: 2024, tz: SH })[0]).toMatchObject({ periodKey: '2025', start: '2025-03-01' });
    expect(expandText('20xx年下半年', { year: 2024, tz: SH })[0]).toMatchObject({ periodKey: '2024', label: '2024年下半年' });
  });
});

describe('expandSchedule: windows across the year end', () => {
  it('12月至次年2月 ends in February of the next year', () => {
    expect(rows(expandText('12月至次年2月', { year: 2027, tz: SH }))).toEqual([
      ['2027', '2027年12月至2028年2月', '2027-12-01', '2028-02-29', '2028-02-29T15:59:59.999Z'],
    ]);
  });

  it('12月7日起至2月8日 starts and ends on its days', () => {
    expect(rows(expandText('12月7日起至2月8日', { year: 2024, tz: SH }))).toEqual([
      ['2024', '2024年12月7日至2025年2月8日', '2024-12-07', '2025-02-08', '2025-02-08T15:59:59.999Z'],
    ]);
  });

  it('a monthly item in a crossing window gives the months of both years', () => {
    expect(expandText('12月至次年2月每月', { year: 2024, tz: SH }).map((t) => [t.periodKey, t.dueDay])).toEqual([
      ['2024-M12', '2024-12-31'],
      ['2025-M01', '2025-01-31'],
      ['2025-M02', '2025-02-28'],
    ]);
  });
});

describe('expandSchedule: recurrences', () => {
  it('monthly: twelve tasks, each due on its own last day (no drift after a 31st)', () => {
    const tasks = expandSchedule(s({ recurrence: 'monthly' }), { year: 2024, tz: SH });
    expect(tasks.map((t) => t.dueDay)).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
    ]);
    expect(tasks.map((t) => t.periodKey)).toEqual([
      '2024-M01',
      '2024-M02',
      '2024-M03',
      '2024-M04',
      '2024-M05',
      '2024-M06',
      '2024-M07',
      '2024-M08',
      '2024-M09',
      '2024-M10',
      '2024-M11',
      '2024-M12',
    ]);
    expect(rows(tasks)[2]).toEqual(['2024-M03', '2024年3月', '2024-03-01', '2024-03-31', '2024-03-31T15:59:59.999Z']);
  });

  it('monthly on a day: "每月5日前" is due on the 5th; a 31st is clamped per month, never carried over', () => {
    expect(
      expandText('每月5日前', { year: 2024, tz: SH })
        .map((t) => t.dueDay)
        .slice(0, 3),
    ).toEqual(['2024-01-05', '2024-02-05', '2024-03-05']);
    const on31 = expandSchedule(s({ recurrence: 'monthly' }), { year: 2025, tz: SH, detail: detail({ dayOfMonth: 31 }) });
    expect(on31.map((t) => t.dueDay.slice(5))).toEqual([
      '01-31',
      '02-28',
      '03-31',
      '04-30',
      '05-31',
      '06-30',
      '07-31',
      '08-31',
      '09-30',
      '10-31',
      '11-30',
      '12-31',
    ]);
  });

  it('monthly inside a window: only its months', () => {
    expect(expandText('3—6月每月', { year: 2024, tz: SH }).map((t) => t.periodKey)).toEqual(['2024-M03', '2024-M04', '2024-M05', '2024-M06']);
    expect(expandText('每月报送,10月底前完成', { year: 2024, tz: SH })).toHaveLength(10);
  });

  it('semi-monthly: 1st–15th and 16th–end', () => {
    const tasks = expandSchedule(s({ recurrence: 'semi-monthly' }), { year: 2024, tz: SH });
    expect(tasks).toHaveLength(24);
    expect(
      rows(tasks)
        .slice(2, 4)
        .map((r) => r.slice(0, 4)),
    ).toEqual([
      ['2024-M02-1', '2024年2月上半月', '2024-02-01', '2024-02-15'],
      ['2024-M02-2', '2024年2月下半月', '2024-02-16', '2024-02-29'],
    ]);
  });

  it('quarterly and half-yearly', () => {
    expect(rows(expandSchedule(s({ recurrence: 'quarterly' }), { year: 2024, tz: SH })).map((r) => r.slice(0, 4))).toEqual([
      ['2024-Q1', '2024年第一季度', '2024-01-01', '2024-03-31'],
      ['2024-Q2', '2024年第二季度', '2024-04-01', '2024-06-30'],
      ['2024-Q3', '2024年第三季度', '2024-07-01', '2024-09-30'],
      ['2024-Q4', '2024年第四季度', '2024-10-01', '2024-12-31'],
    ]);
    expect(rows(expandSchedule(s({ recurrence: 'half-yearly' }), { year: 2024, tz: SH })).map((r) => r.slice(0, 4))).toEqual([
      ['2024-H1', '2024年上半年', '2024-01-01', '2024-06-30'],
      ['2024-H2', '2024年下半年', '2024-07-01', '2024-12-31'],
    ]);
    expect(expandText('下半年每季度', { year: 2024, tz: SH }).map((t) => t.periodKey)).toEqual(['2024-Q3', '2024-Q4']);
  });

  it('yearly: one task, like an item without recurrence', () => {
    expect(rows(expandSchedule(s({ recurrence: 'yearly' }), { year: 2024, tz: SH })).map((r) => r.slice(0, 4))).toEqual([
      ['2024', '2024年', '2024-01-01', '2024-12-31'],
    ]);
    expect(expandText('每年3月', { year: 2024, tz: SH })[0]).toMatchObject({ periodKey: '2024', label: '2024年3月', dueDay: '2024-03-31' });
  });

  it('per semester: spring 03–07, autumn 09 to January of the next year', () => {
    expect(rows(expandSchedule(s({ recurrence: 'per-semester', times: 2 }), { year: 2024, tz: SH }))).toEqual([
      ['2024-S1', '2024年春季学期', '2024-03-01', '2024-07-31', '2024-07-31T15:59:59.999Z'],
      ['2024-S2', '2024年秋季学期', '2024-09-01', '2025-01-31', '2025-01-31T15:59:59.999Z'],
    ]);
    expect(expandText('下半年每学期', { year: 2024, tz: SH }).map((t) => t.periodKey)).toEqual(['2024-S2']);
  });

  it('weekly: the ISO weeks whose Sunday falls in the year', () => {
    const y2024 = expandSchedule(s({ recurrence: 'weekly' }), { year: 2024, tz: SH });
    expect(y2024).toHaveLength(52);
    expect(rows(y2024)[0].slice(0, 4)).toEqual(['2024-W01', '2024年第1周', '2024-01-01', '2024-01-07']);
    expect(rows(y2024)[51].slice(0, 4)).toEqual(['2024-W52', '2024年第52周', '2024-12-23', '2024-12-29']);
    // 2020-W53 runs 2020-12-28..2021-01-03: it belongs to 2021, where its Sunday is, and only there.
    const y2020 = expandSchedule(s({ recurrence: 'weekly' }), { year: 2020, tz: SH });
    const y2021 = expandSchedule(s({ recurrence: 'weekly' }), { year: 2021, tz: SH });
    expect(y2020.at(-1)?.periodKey).toBe('2020-W52');
    expect(y2021[0]).toMatchObject({ periodKey: '2020-W53', start: '2020-12-28', dueDay: '2021-01-03' });
    const keys = [...y2020, ...y2021].map((t) => t.periodKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('weekly on a weekday: "每周一" is due on Mondays', () => {
    const tasks = expandText('每周一', { year: 2024, tz: SH });
    expect(tasks).toHaveLength(53);
    expect(tasks.every((t) => t.start === t.dueDay)).toBe(true);
    expect(tasks.at(-1)).toMatchObject({ periodKey: '2025-W01', dueDay: '2024-12-30' });
  });

  it('weekly inside a window: the weeks due in it', () => {
    const tasks = expandText('1—2月份,每周一集中学习', { year: 2024, tz: SH });
    expect(tasks.map((t) => t.dueDay)).toEqual([
      '2024-01-01',
      '2024-01-08',
      '2024-01-15',
      '2024-01-22',
      '2024-01-29',
      '2024-02-05',
      '2024-02-12',
      '2024-02-19',
      '2024-02-26',
    ]);
  });

  it('gives the same keys every time (activation is idempotent) and none twice', () => {
    for (const recurrence of ['weekly', 'semi-monthly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'per-semester'] as const) {
      const a = expandSchedule(s({ recurrence }), { year: 2024, tz: SH }).map((t) => t.periodKey);
      expect(expandSchedule(s({ recurrence }), { year: 2024, tz: SH }).map((t) => t.periodKey)).toEqual(a);
      expect(new Set(a).size).toBe(a.length);
    }
  });
});

describe('expandSchedule: time zones', () => {
  it('Shanghai has no DST: every due instant is 15:59:59.999Z', () => {
    const tasks = expandSchedule(s({ recurrence: 'monthly' }), { year: 2024, tz: SH });
    expect(tasks.every((t) => t.due.toISOString().endsWith('T15:59:59.999Z'))).toBe(true);
  });

  it('Europe/Berlin follows DST: end of day is 22:59:59.999Z in winter, 21:59:59.999Z in summer', () => {
    const tasks = expandSchedule(s({ recurrence: 'monthly' }), { year: 2024, tz: 'Europe/Berlin' });
    expect(tasks.map((t) => t.due.toISOString())).toEqual([
      '2024-01-31T22:59:59.999Z',
      '2024-02-29T22:59:59.999Z',
      '2024-03-31T21:59:59.999Z',
      '2024-04-30T21:59:59.999Z',
      '2024-05-31T21:59:59.999Z',
      '2024-06-30T21:59:59.999Z',
      '2024-07-31T21:59:59.999Z',
      '2024-08-31T21:59:59.999Z',
      '2024-09-30T21:59:59.999Z',
      '2024-10-31T22:59:59.999Z',
      '2024-11-30T22:59:59.999Z',
      '2024-12-31T22:59:59.999Z',
    ]);
  });

  it('refuses an unknown zone', () => {
    expect(() => expandSchedule(null, { year: 2024, tz: 'Asia/Nowhere' })).toThrow(RangeError);
  });
});

describe('expandSchedule: moving due days to working days', () => {
  const cal = createWorkingCalendar();
  const shift = { year: 2024, tz: SH, calendar: cal, shiftDueToWorkingDay: true };

  it('a due day on a holiday moves to the previous working day', () => {
    const [task] = expandSchedule(s({ deadline: '10-01' }), shift);
    expect(task).toMatchObject({ dueDay: '2024-09-30' });
    expect(task.due.toISOString()).toBe('2024-09-30T15:59:59.999Z');
    expect(expandSchedule(s({ deadline: '10-06' }), shift)[0].dueDay).toBe('2024-09-30');
  });

  it('a 调休 Sunday is a working day and stays', () => {
    expect(expandSchedule(s({ deadline: '09-29' }), shift)[0].dueDay).toBe('2024-09-29');
  });

  it('weekends move to Friday; without the option nothing moves', () => {
    const months = expandSchedule(s({ recurrence: 'monthly' }), shift);
    expect(months[5].dueDay).toBe('2024-06-28'); // 06-30 is a Sunday
    expect(months[2].dueDay).toBe('2024-03-29'); // 03-31 is a Sunday
    expect(expandSchedule(s({ recurrence: 'monthly' }), { year: 2024, tz: SH, calendar: cal })[5].dueDay).toBe('2024-06-30');
  });

  it('never moves before the start of the task', () => {
    expect(expandText('10月1日至7日', shift)[0]).toMatchObject({ start: '2024-10-01', dueDay: '2024-10-07' });
  });

  it('uses the package calendar when none is given', () => {
    expect(expandSchedule(s({ deadline: '10-01' }), { year: 2024, tz: SH, shiftDueToWorkingDay: true })[0].dueDay).toBe('2024-09-30');
  });

  it('falls back to Monday–Friday in an unknown year (2027), and follows a holidays-file year', () => {
    const opts = { year: 2027, tz: SH, shiftDueToWorkingDay: true };
    expect(cal.knowsYear(2027)).toBe(false);
    expect(expandSchedule(s({ deadline: '10-01' }), { ...opts, calendar: cal })[0].dueDay).toBe('2027-10-01'); // a Friday
    expect(expandSchedule(s({ deadline: '10-03' }), { ...opts, calendar: cal })[0].dueDay).toBe('2027-10-01'); // a Sunday
    const withFile = createWorkingCalendar({ extra: [{ year: 2027, holidays: ['2027-10-01..2027-10-07'], workdays: ['2027-09-26'] }] });
    expect(expandSchedule(s({ deadline: '10-01' }), { ...opts, calendar: withFile })[0].dueDay).toBe('2027-09-30');
  });
});

describe('expandSchedule: bad input', () => {
  it.each([
    [s({ window: { start: '13', end: '01' } })],
    [s({ window: { start: '3', end: '04' } })],
    [s({ deadline: '02-30' })],
    [s({ deadline: '10-31st' })],
    [s({ recurrence: 'daily' as never })],
  ])('refuses %j', (schedule) => {
    expect(() => expandSchedule(schedule, { year: 2024, tz: SH })).toThrow(RangeError);
  });

  it('refuses a year that is not a year', () => {
    expect(() => expandSchedule(null, { year: 2024.5, tz: SH })).toThrow(RangeError);
  });
});

describe('expandSchedule: volume', () => {
  it('expands 100,000 tasks (speed is measured in bench/, not here)', () => {
    const cal = createWorkingCalendar();
    let count = 0;
    for (let i = 0; i < 2_000; i++) {
      count += expandSchedule(s({ recurrence: 'weekly' }), {
        year: 2020 + (i % 5),
        tz: i % 2 ? SH : 'Europe/Berlin',
        calendar: cal,
        shiftDueToWorkingDay: true,
      }).length;
    }
    expect(count).toBeGreaterThan(100_000);
  });
});
