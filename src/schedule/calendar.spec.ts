import { createWorkingCalendar, packageKnowsYear } from './calendar.js';
import type { HolidayYear } from './types.js';

describe('createWorkingCalendar: the chinese-days years', () => {
  const cal = createWorkingCalendar();

  it('knows 2024: 国庆 off, its 调休 Sunday on', () => {
    expect(cal.isWorkingDay('2024-10-01')).toBe(false);
    expect(cal.isWorkingDay('2024-10-07')).toBe(false);
    expect(cal.isWorkingDay('2024-09-29')).toBe(true); // Sunday, make-up working day
    expect(cal.isWorkingDay('2024-10-12')).toBe(true); // Saturday, make-up working day
    expect(cal.isWorkingDay('2024-10-13')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2024-10-08')).toBe(true);
  });

  it('moves to the previous and next working days', () => {
    expect(cal.previousWorkingDay('2024-10-01')).toBe('2024-09-30');
    expect(cal.previousWorkingDay('2024-10-06')).toBe('2024-09-30');
    expect(cal.previousWorkingDay('2024-09-29')).toBe('2024-09-29');
    expect(cal.nextWorkingDay('2024-10-01')).toBe('2024-10-08');
    expect(cal.nextWorkingDay('2024-09-28')).toBe('2024-09-29'); // Saturday → the make-up Sunday
  });

  it('adds working days both ways', () => {
    expect(cal.addWorkingDays('2024-09-27', 1)).toBe('2024-09-29');
    expect(cal.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-10-08', -1)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-08', -3)).toBe('2024-09-27');
    expect(cal.addWorkingDays('2024-10-03', 0)).toBe('2024-10-03');
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02'); // 元旦
    expect(() => cal.addWorkingDays('2024-10-03', 1.5)).toThrow(RangeError);
  });

  it('counts working days in (from, to]', () => {
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-08')).toBe(3); // 09-29, 09-30, 10-08
    expect(cal.workingDaysBetween('2024-10-08', '2024-09-27')).toBe(-3);
    expect(cal.workingDaysBetween('2024-10-08', '2024-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251); // working days of 2024
    expect(cal.workingDaysBetween('2022-12-31', '2024-12-31')).toBe(cal.workingDaysBetween('2022-12-31', '2023-12-31') + 251);
  });

  it('knows the years the package has data for, and no others', () => {
    expect(cal.knowsYear(2004)).toBe(true);
    expect(cal.knowsYear(2026)).toBe(true);
    expect(cal.knowsYear(2003)).toBe(false);
    expect(cal.knowsYear(2027)).toBe(false);
    expect(cal.unknownYears([2026, 2027, 2028, 2027])).toEqual([2027, 2028]);
    expect(packageKnowsYear(2025)).toBe(true);
  });

  it('refuses days that do not exist', () => {
    expect(() => cal.isWorkingDay('2024-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2024/10/01')).toThrow(RangeError);
  });
});

describe('createWorkingCalendar: years nobody knows', () => {
  it('falls back to Monday–Friday for 2027 (where chinese-days would silently say "working")', () => {
    const cal = createWorkingCalendar();
    expect(cal.knowsYear(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-10-01')).toBe(true); // a Friday: unknown, so a working day
    expect(cal.isWorkingDay('2027-10-02')).toBe(false); // Saturday
    expect(cal.previousWorkingDay('2027-10-03')).toBe('2027-10-01');
  });
});

describe('createWorkingCalendar: holiday years given in code or files', () => {
  const y2027: HolidayYear = { year: 2027, holidays: ['2027-10-01..2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] };

  it('uses a declared year, and then knows it', () => {
    const cal = createWorkingCalendar({ extra: [y2027] });
    expect(cal.knowsYear(2027)).toBe(true);
    expect(cal.isWorkingDay('2027-10-01')).toBe(false);
    expect(cal.isWorkingDay('2027-10-04')).toBe(false); // a Monday inside the holiday
    expect(cal.isWorkingDay('2027-09-26')).toBe(true); // a Sunday make-up day
    expect(cal.previousWorkingDay('2027-10-07')).toBe('2027-09-30');
    expect(cal.nextWorkingDay('2027-10-01')).toBe('2027-10-08');
    expect(cal.workingDaysBetween('2027-09-24', '2027-10-09')).toBe(7); // 09-26…09-30, 10-08, 10-09
  });

  it('lets a declared year replace the package year', () => {
    const cal = createWorkingCalendar({ extra: [{ year: 2024, holidays: ['2024-03-01'], workdays: [] }] });
    expect(cal.isWorkingDay('2024-03-01')).toBe(false);
    expect(cal.isWorkingDay('2024-10-01')).toBe(true); // no longer the package's holiday
    expect(cal.isWorkingDay('2024-09-29')).toBe(false); // nor its make-up day
  });

  it('applies a day named for a neighbouring year to that year', () => {
    const cal = createWorkingCalendar({ extra: [{ year: 2028, holidays: ['2028-01-01'], workdays: ['2027-12-25'] }] });
    expect(cal.isWorkingDay('2027-12-25')).toBe(true); // a Saturday
    expect(cal.knowsYear(2027)).toBe(false);
  });

  it('refuses a malformed year', () => {
    expect(() => createWorkingCalendar({ extra: [{ year: 2027, holidays: ['2027-02-30'], workdays: [] }] })).toThrow(/extra\[0\]/);
    expect(() => createWorkingCalendar({ extra: [{ year: 2027, holidays: [], workdays: ['2027-10-04'] }] })).toThrow(/周六或周日/);
  });
});

describe('createWorkingCalendar: many questions', () => {
  it('answers 100,000 questions consistently (speed is measured in bench/, not here)', () => {
    const cal = createWorkingCalendar();
    let working = 0;
    for (let i = 0; i < 100_000; i++) {
      const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      if (cal.isWorkingDay(cal.previousWorkingDay(day))) working++;
    }
    expect(working).toBe(100_000);
  });
});
