/**
 * Text normalisation before matching. Every replacement is one UTF-16 unit for one unit, so an
 * offset in the normalised text is the same offset in the original: what was matched can be
 * quoted back to the user exactly as they wrote it.
 */

/** Dash-like characters used between range ends: hyphen, en/em dashes, minus, wave dashes. */
const DASH = /[\u2010-\u2015\u2212\u2053\u301c\ufe58\ufe63~]/;

/**
 * Traditional forms of the characters that time expressions are built from (or that sit next to
 * them in the patterns), mapped to the simplified forms the patterns use.
 */
const TRADITIONAL: Record<string, string> = {
  兩: '两',
  個: '个',
  週: '周',
  於: '于',
  舉: '举',
  開: '开',
  會: '会',
  號: '号',
  學: '学',
  內: '内',
  後: '后',
  點: '点',
  時: '时',
  間: '间',
  屆: '届',
  終: '终',
  歲: '岁',
  禮: '礼',
  節: '节',
  慶: '庆',
  勞: '劳',
  動: '动',
  與: '与',
  為: '为',
  幾: '几',
  數: '数',
  來: '来',
  當: '当',
  從: '从',
  進: '进',
  過: '过',
};

function toHalfWidth(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0x3000) return ' ';
  return ch;
}

/**
 * Every unit normalizeText may change: full-width forms, the ideographic space, the traditional
 * forms above and the dashes. Only these are visited, so a text with none of them (most of a plan)
 * costs one scan. No astral character is in the class, so surrogate pairs are left as they are.
 */
const CHANGED = new RegExp(`[\\uff01-\\uff5e\\u3000${Object.keys(TRADITIONAL).join('')}]|${DASH.source}`, 'g');

function normalizeUnit(ch: string): string {
  const half = toHalfWidth(ch);
  const simplified = TRADITIONAL[half] ?? half;
  // a full-width "～" becomes "~" and then, like every dash, "-"
  return DASH.test(simplified) ? '-' : simplified;
}

/** Full-width → ASCII, traditional → simplified (for the characters above), all dashes → "-". */
export function normalizeText(text: string): string {
  return text.replace(CHANGED, normalizeUnit);
}
