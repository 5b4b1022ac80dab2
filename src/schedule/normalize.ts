/**
 * Text normalisation before matching. Every replacement is one UTF-16 unit for one unit, so an
 * offset in the normalised text is the same offset in the original: what was matched can be
 * quoted back to the user exactly as they wrote it.
 */

/** Dash-like characters used between range ends: hyphen, en/em dashes, minus, wave dashes. */
const DASHES = /[\u2010-\u2015\u2212\u2053\u301c\ufe58\ufe63~]/g;

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

/** Full-width → ASCII, traditional → simplified (for the characters above), all dashes → "-". */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    // for…of yields code points; astral characters (2 units) are kept as they are.
    if (ch.length !== 1) {
      out += ch;
      continue;
    }
    const half = toHalfWidth(ch);
    out += TRADITIONAL[half] ?? half;
  }
  return out.replace(DASHES, '-');
}
