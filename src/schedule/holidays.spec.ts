import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { createWorkingCalendar } from './calendar.js';
import { DEFAULT_HOLIDAYS_DIR, loadHolidayFiles, validateHolidayYear } from './holidays.js';

const repoHolidays = join(dirname(fileURLToPath(import.meta.url)), '..', '..', DEFAULT_HOLIDAYS_DIR);

describe('loadHolidayFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ducha-holidays-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <year>.yaml files with ranges, and skips everything else', () => {
    writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nholidays:\n  - 2027-01-01\n  - 2027-10-01..2027-10-03\nworkdays:\n  - 2027-09-26\n');
    writeFileSync(join(dir, 'README.md'), '# notes');
    writeFileSync(join(dir, 'example.yaml.txt'), 'year: 1999');
    expect(loadHolidayFiles(dir)).toEqual([{ year: 2027, holidays: ['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03'], workdays: ['2027-09-26'] }]);
  });

  it('gives no years for a missing directory', () => {
    expect(loadHolidayFiles(join(dir, 'nope'))).toEqual([]);
  });

  it('feeds the calendar: a holidays-file year is known and used', () => {
    writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nholidays: [2027-10-01..2027-10-07]\nworkdays: [2027-09-26, 2027-10-09]\n');
    const cal = createWorkingCalendar({ holidaysDir: dir });
    expect(cal.knowsYear(2027)).toBe(true);
    expect(cal.unknownYears([2026, 2027, 2028])).toEqual([2028]);
    expect(cal.isWorkingDay('2027-10-01')).toBe(false);
    expect(cal.isWorkingDay('2027-10-09')).toBe(true);
  });

  it.each([
    ['not: [valid', /不是有效的 YAML/],
    ['year: 2027\nholidays: 2027-10-01\n', /holidays 应为日期列表/],
    ['year: 2027\nholidays: [2027-02-30]\n', /不是 YYYY-MM-DD/],
    ['year: 2027\nholidays: [2027-10-07..2027-10-01]\n', /不是有效的日期范围/],
    ['year: 2027\nholidays: [2031-10-01]\n', /不在 2027 年前后/],
    ['year: 2027\nworkdays: [2027-10-04]\n', /周六或周日/],
    ['year: 2027\nholidays: [2027-09-26]\nworkdays: [2027-09-26]\n', /同时出现/],
    ['holidays: []\n', /year 应为四位年份/],
    ['year: 2028\n', /文件名是 2027/],
  ])('refuses %j, naming the file', (content, reason) => {
    writeFileSync(join(dir, '2027.yaml'), content);
    expect(() => loadHolidayFiles(dir)).toThrow(reason);
    expect(() => loadHolidayFiles(dir)).toThrow(/2027\.yaml/);
  });

  it('refuses two files for one year', () => {
    writeFileSync(join(dir, 'a.yaml'), 'year: 2027\n');
    writeFileSync(join(dir, 'b.yml'), 'year: 2027\n');
    expect(() => loadHolidayFiles(dir)).toThrow(/已在 a\.yaml 中定义/);
  });
});

describe('config/holidays', () => {
  it('every file there loads', () => {
    expect(() => loadHolidayFiles(repoHolidays)).not.toThrow();
  });

  it("example.yaml.txt is not loaded, and when copied it gives exactly the package's 2025", () => {
    expect(readdirSync(repoHolidays)).toContain('example.yaml.txt');
    expect(loadHolidayFiles(repoHolidays).map((y) => y.year)).not.toContain(2025);
    const dir = mkdtempSync(join(tmpdir(), 'ducha-holidays-'));
    try {
      writeFileSync(join(dir, '2025.yaml'), readFileSync(join(repoHolidays, 'example.yaml.txt')));
      const fromFile = createWorkingCalendar({ holidaysDir: dir });
      const fromPackage = createWorkingCalendar();
      for (let d = Date.UTC(2025, 0, 1); d <= Date.UTC(2025, 11, 31); d += 86_400_000) {
        const day = new Date(d).toISOString().slice(0, 10);
        expect([day, fromFile.isWorkingDay(day)]).toEqual([day, fromPackage.isWorkingDay(day)]);
        expect([day, fromPackage.isWorkingDay(day)]).toEqual([day, chineseDays.isWorkday(day)]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validateHolidayYear', () => {
  it('sorts, de-duplicates and accepts Date values from other YAML tools', () => {
    expect(validateHolidayYear({ year: 2027, holidays: ['2027-10-02', new Date('2027-10-01T00:00:00Z'), '2027-10-02'] })).toEqual({
      year: 2027,
      holidays: ['2027-10-01', '2027-10-02'],
      workdays: [],
    });
  });
});
