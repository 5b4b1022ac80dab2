/** Chinese and Arabic numerals as written in plans: "3", "十一", "二十五", "廿五", "两", "二〇一八". */

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that may form a Chinese numeral (for regex classes and look-behind guards). */
export const CHINESE_NUMERAL_CHARS = '零〇一二三四五六七八九十两廿卅百千';

/** Reads a numeral; null when the text is not one. */
export function chineseNumberToInt(text: string): number | null {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || ![...s].every((c) => c in DIGIT || c in UNIT || c === '廿' || c === '卅')) return null;
  // 廿 and 卅 (20, 30) are only written before a digit in dates: 廿五 = 25.
  if (s[0] === '廿' || s[0] === '卅') {
    const rest = s.slice(1);
    const tail = rest ? chineseNumberToInt(rest) : 0;
    return tail === null || tail > 9 ? null : (s[0] === '廿' ? 20 : 30) + tail;
  }
  if (![...s].some((c) => c in UNIT)) return positional(s);
  return withUnits(s);
}

/** "二〇一八" → 2018: digit by digit, as years are written. */
function positional(s: string): number {
  let n = 0;
  for (const c of s) n = n * 10 + DIGIT[c];
  return n;
}

/** "二十五" → 25, "十一" → 11, "一百零五" → 105. */
function withUnits(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const c of s) {
    if (c in DIGIT) {
      if (digit !== null && digit !== 0) return null; // two digits in a row: "二三十" (零 only holds a place)
      digit = DIGIT[c];
      continue;
    }
    const unit = UNIT[c];
    if (unit >= lastUnit) return null; // "十十", "十百"
    total += (digit ?? 1) * unit; // a bare 十 means 10
    digit = null;
    lastUnit = unit;
  }
  return total + (digit ?? 0);
}
