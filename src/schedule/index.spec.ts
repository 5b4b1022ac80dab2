import * as schedule from './index.js';

describe('index', () => {
  it('exports the public API', () => {
    for (const name of [
      'parseSchedule',
      'expandSchedule',
      'createWorkingCalendar',
      'loadHolidayFiles',
      'startOfDay',
      'endOfDay',
      'localDay',
      'localDateTime',
    ]) {
      expect(typeof (schedule as Record<string, unknown>)[name]).toBe('function');
    }
    expect(schedule.RECURRENCES).toEqual(['weekly', 'semi-monthly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'per-semester']);
    expect(schedule.DEFAULT_HOLIDAYS_DIR).toBe('config/holidays');
  });

  it('parses and expands end to end', () => {
    const parsed = schedule.parseSchedule('9—10月份');
    if (!parsed.ok) throw new Error(parsed.reason);
    const [task] = schedule.expandSchedule(parsed.schedule, { year: 2024, tz: 'Asia/Shanghai', detail: parsed.detail });
    expect(task.due.toISOString()).toBe('2024-10-31T15:59:59.999Z');
  });
});
