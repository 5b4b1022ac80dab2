import { chineseNumberToInt } from './numerals.js';

describe('chineseNumberToInt', () => {
  it.each([
    ['3', 3],
    ['12', 12],
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['十二', 12],
    ['二十', 20],
    ['二十五', 25],
    ['三十一', 31],
    ['廿五', 25],
    ['卅一', 31],
    ['两', 2],
    ['零', 0],
    ['一百零五', 105],
    ['二〇一八', 2018],
    ['二零二四', 2024],
  ])('%s → %d', (text, value) => {
    expect(chineseNumberToInt(text)).toBe(value);
  });

  it.each(['', 'x', 'xx', '十十', '二三十', '三月', '廿十'])('%j is not a number', (text) => {
    expect(chineseNumberToInt(text)).toBeNull();
  });
});
