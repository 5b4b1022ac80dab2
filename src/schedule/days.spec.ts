import { addDays, addMonths, civilOf, daysInMonth, epochDayOf, fromEpochDay, isValidDay, lastDayOfMonth, parseDay, toEpochDay, weekdayOf } from './days.js';

describe('days', () => {
  it('counts days from 1970-01-01 both ways', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2024-03-01')).toBe(19783);
    expect(fromEpochDay(19783)).toBe('2024-03-01');
    expect(fromEpochDay(-1)).toBe('1969-12-31');
    for (let e = epochDayOf(1999, 12, 1); e < epochDayOf(2101, 3, 1); e += 17) {
      const { y, m, d } = civilOf(e);
      expect(epochDayOf(y, m, d)).toBe(e);
    }
  });

  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(lastDayOfMonth(2024, 4)).toBe('2024-04-30');
  });

  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('gives ISO weekdays, Monday = 1', () => {
    expect(weekdayOf('2024-09-29')).toBe(7);
    expect(weekdayOf('2024-10-01')).toBe(2);
    expect(weekdayOf('1970-01-01')).toBe(4);
  });

  it('refuses days that do not exist', () => {
    expect(isValidDay('2025-02-29')).toBe(false);
    expect(isValidDay('2024-13-01')).toBe(false);
    expect(isValidDay('2024-3-1')).toBe(false);
    expect(() => parseDay('2024-04-31')).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('adds calendar months, clamping to the month end and crossing years', () => {
    expect(addMonths('2024-03-15', 6)).toBe('2024-09-15');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-12-31', 1)).toBe('2025-01-31');
    expect(addMonths('2024-01-31', -2)).toBe('2023-11-30');
  });
});
