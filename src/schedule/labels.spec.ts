import { dayRangeLabel, deadlineLabel, deadlineSuffix, halfLabel, quarterLabel, semesterLabel, weekLabel, windowLabel } from './labels.js';

describe('labels', () => {
  it.each([
    [3, 4, '2024年3—4月'],
    [1, 1, '2024年1月'],
    [10, 12, '2024年第四季度'],
    [1, 3, '2024年第一季度'],
    [1, 6, '2024年上半年'],
    [7, 12, '2024年下半年'],
    [1, 12, '2024年全年'],
    [1, 9, '2024年1—9月'],
    [12, 2, '2024年12月至2025年2月'],
  ])('window %d..%d → %s', (start, end, label) => {
    expect(windowLabel(2024, start, end)).toBe(label);
  });

  it('labels deadlines', () => {
    expect(deadlineLabel('2024-10-31', true)).toBe('2024年10月底前');
    expect(deadlineLabel('2024-03-25', false)).toBe('2024年3月25日');
    expect(deadlineSuffix('2024-04-10', false, 2024)).toBe('（4月10日前）');
    expect(deadlineSuffix('2025-02-28', true, 2024)).toBe('（2025年2月底前）');
  });

  it('labels day ranges and thirds of a month', () => {
    expect(dayRangeLabel('2024-09-02', '2024-09-08')).toBe('2024年9月2日至8日');
    expect(dayRangeLabel('2024-03-25', '2024-04-10')).toBe('2024年3月25日至4月10日');
    expect(dayRangeLabel('2024-12-07', '2025-02-08')).toBe('2024年12月7日至2025年2月8日');
    expect(dayRangeLabel('2024-03-01', '2024-03-10')).toBe('2024年3月上旬');
    expect(dayRangeLabel('2024-02-11', '2024-02-20')).toBe('2024年2月中旬');
    expect(dayRangeLabel('2024-02-21', '2024-02-29')).toBe('2024年2月下旬');
    expect(dayRangeLabel('2025-02-21', '2025-02-28')).toBe('2025年2月下旬');
  });

  it('labels recurring periods', () => {
    expect(quarterLabel(2024, 2)).toBe('2024年第二季度');
    expect(halfLabel(2024, 1)).toBe('2024年上半年');
    expect(semesterLabel(2024, 2)).toBe('2024年秋季学期');
    expect(weekLabel(2024, 5)).toBe('2024年第5周');
  });
});
