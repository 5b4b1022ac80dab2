/**
 * The table of time expressions. Each matcher is a named regex over normalised text (see
 * normalize.ts) and a reader that turns its groups into pieces: a year, a period of months, a
 * deadline, a recurrence, a count, or a reason why the phrase cannot be used.
 *
 * Matchers run in the order of the table and a later one never takes text an earlier one took,
 * so the more specific shapes come first ("3月25日至4月10日" before "3月25日" before "3月").
 * Numbers are captured as written and converted by the reader, so offsets stay those of the input.
 */
import { chineseNumberToInt, CHINESE_NUMERAL_CHARS as CN } from './numerals.js';
import { daysInMonth, mm } from './days.js';
import type { Recurrence } from './types.js';

export type Window = { start: string; end: string };

export type Piece =
  | { kind: 'year'; year: number | null; yearOffset?: number }
  | { kind: 'period'; window: Window; startDay?: string; deadline?: string; onwards?: boolean }
  | { kind: 'deadline'; deadline: string; timeOfDay?: string }
  /** `perPeriod`: how many times a period the cadence itself says ("每旬" = three a month). */
  | { kind: 'recurrence'; recurrence: Recurrence; dayOfMonth?: number; weekday?: number; perPeriod?: number }
  | { kind: 'count'; times: number | null; atLeast: boolean }
  /** A time expression ducha cannot turn into a schedule ("每天", "国庆节前"); fatal only when nothing else was found. */
  | { kind: 'unsupported'; reason: string }
  /** A malformed time expression ("13月"); always fatal. */
  | { kind: 'invalid'; reason: string };

export interface MatchContext {
  /** The matched text as the user wrote it, for quoting in reasons. */
  phrase: string;
  /** Normalised text just before the match (at most BEFORE_CONTEXT units: readers look back, never far). */
  before: string;
  /** Only blanks stand between the start of the text or of a line and the match. */
  atLineStart: boolean;
}

type Groups = Record<string, string | undefined>;

export interface Matcher {
  name: string;
  /**
   * What every match of `pattern` holds, each of these (in the matched text itself, not in a
   * lookaround): the scanner does not run the pattern over a text that lacks one. The patterns are
   * long alternations with lookbehinds that the regex engine tries at every offset; these few quick
   * tests let the many sentences without a 季, or with a 月 but no 至 or dash, skip the patterns
   * that cannot match there.
   */
  needs?: readonly RegExp[];
  pattern: RegExp;
  /** Pieces read from the match; null when, on a closer look, the match is not a time expression. */
  read(g: Groups, ctx: MatchContext): Piece[] | null;
}

/** Thrown by readers for a malformed expression; the scanner turns it into an 'invalid' piece. */
export class InvalidExpression extends Error {}

/** How much of the text before a match a reader is given. */
export const BEFORE_CONTEXT = 32;

// ---- regex fragments --------------------------------------------------------------------------

/** Blanks between parts ("3 月 25 日"); bounded, so adjacent optional blanks cannot backtrack badly on long runs of spaces. */
const SP = '[ \\t]{0,3}';
/** A number must not continue a longer one: "2013月" is not month 13 of anything, "x月" not a month. */
const NOT_AFTER_NUMBER = `(?<![\\d.xX${CN}])`;
/** A list marker glued to a month ("5.5月1日开始…", "2.2月26日下午…"): no month is a decimal, so "N." is the marker. */
const AFTER_MARKER = '(?<=(?<![\\d.])\\d{1,2}\\.)';
const monthNum = (g: string): string => `(?:${NOT_AFTER_NUMBER}|${AFTER_MARKER})(?<${g}>\\d{1,3}|[一二三四五六七八九十〇零]{1,3})`;
const dayNum = (g: string): string => `(?<${g}>\\d{1,3}|[一二三四五六七八九十廿卅〇零]{1,4})`;
const quarterNum = (g: string): string => `${NOT_AFTER_NUMBER}(?<${g}>\\d{1,2}|[一二三四五六七八九十]{1,2})`;
/** Between the two ends of a range: any dash (normalised to "-"), 至, 到, optionally after 起. */
const SEP = `${SP}(?:起${SP})?(?:-+|至|到)${SP}`;
/** "前", read inclusively: "10月底前" is due at the end of 31 October. */
/** Festivals on a fixed day of the solar calendar, by month (春节, 端午, 中秋 move with the lunar one). */
const FIXED_FESTIVAL_MONTH: Record<string, number> = { 元旦: 1, 五一: 5, 劳动节: 5, 七一: 7, 建党节: 7, 国庆: 10, 国庆节: 10 };
const BEFORE = '(?:之前|以前|前)';
const NEXT_YEAR = '(?:次年|翌年|第二年|明年|下一?年)';
const YEARLIKE = '(?<![\\dxX])(?<y>\\d{4}|[xX*×]{2,4}|20[xX*×]{2}|[〇零一二三四五六七八九]{4})';
/** Between listed months: "3、4月", "3月和4月". */
const AND = '(?:、|和|及|与)';
const LISTED_MONTH = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
const LISTED_MONTH_RE = new RegExp(LISTED_MONTH, 'g');
/** A theme in quotes after a month: "“情绪管理”". */
const THEME = '[“"「『][^”"」』\\n]{1,16}[”"」』]';
const LISTED_QUARTER = '(?:[1-4]|[一二三四])';
const LISTED_QUARTER_RE = new RegExp(LISTED_QUARTER, 'g');
const NOT_A_DAY_AFTER = `(?!${SP}[\\d一二三四五六七八九十廿卅]+${SP}[日号])`;
const TIME = `(?<ampm>上午|下午|晚上|中午|早上|凌晨)?${SP}(?<h>\\d{1,2}|[一二三四五六七八九十]{1,3})${SP}(?:点|时|:)${SP}(?:(?<half>半)|(?<min>\\d{1,2}|[一二三四五六七八九十]{1,3})${SP}分?)?`;

/** A time of day inside a range ("4月18日9:00－4月24日16:00"): informational, not captured. */
const CLOCK = `(?:${SP}(?:上午|下午|晚上|中午|早上|凌晨)?${SP}\\d{1,2}${SP}(?::|点|时)${SP}(?:半|\\d{1,2}${SP}分?)?)`;
/** A year before the second end of a range: real ("2023年") or a template ("xxxx年", "20xx年"). */
const YEAR2 = `(?<y2>\\d{4}|[xX*×]{2,4}|20[xX*×]{2})${SP}年${SP}`;

// ---- readers' helpers -------------------------------------------------------------------------

function num(raw: string | undefined): number | null {
  return raw === undefined ? null : chineseNumberToInt(raw);
}

function month(raw: string | undefined, ctx: MatchContext): number {
  const n = num(raw);
  if (n === null || n < 1 || n > 12) throw new InvalidExpression(`「${ctx.phrase}」中的月份“${raw}”无效，月份应为1—12`);
  return n;
}

/** Day of a month; 2月29日 is accepted (the year may be a leap year) and moved to the 28th in others. */
function day(m: number, raw: string | undefined, ctx: MatchContext): number {
  const d = num(raw);
  if (d === null || d < 1 || d > daysInMonth(2000, m)) throw new InvalidExpression(`「${ctx.phrase}」不是有效的日期：${m}月没有${raw}日`);
  return d;
}

/**
 * The deadline "m月d日": 31日 of a 30-day month is that month's end — writers put 31 for "by the end of
 * the month" ("9月31日前办理完毕"); any other day past the month's end stays an error (day()).
 */
function dueDay(m: number, raw: string | undefined, ctx: MatchContext): string {
  if (num(raw) === 31 && daysInMonth(2000, m) === 30) return monthEnd(m);
  return monthDay(m, day(m, raw, ctx));
}

function quarter(raw: string | undefined, ctx: MatchContext): number {
  const q = num(raw);
  if (q === null || q < 1 || q > 4) throw new InvalidExpression(`「${ctx.phrase}」中的季度无效，应为第一至第四季度`);
  return q;
}

const monthDay = (m: number, d: number): string => `${mm(m)}-${mm(d)}`;
const monthEnd = (m: number): string => `${mm(m)}-end`;
const win = (start: number, end: number): Window => ({ start: mm(start), end: mm(end) });
const quarterWindow = (q: number): Window => win(q * 3 - 2, q * 3);

/** 上旬 = days 1–10, 中旬 = 11–20, 下旬 = 21 to the month's end. */
function dekad(m: number, which: string): { startDay: string; deadline: string } {
  if (which === '上' || which === '初') return { startDay: monthDay(m, 1), deadline: monthDay(m, 10) };
  if (which === '中') return { startDay: monthDay(m, 11), deadline: monthDay(m, 20) };
  return { startDay: monthDay(m, 21), deadline: monthEnd(m) };
}

function yearValue(raw: string | undefined): number | null {
  if (!raw || /[xX*×]/.test(raw)) return null; // "20xx年", "20**年", "XX年": a template, not a known year
  const y = chineseNumberToInt(raw);
  return y !== null && y >= 1900 && y <= 2100 ? y : null;
}

function timeOfDay(g: Groups): string | undefined {
  let h = num(g.h);
  if (h === null) return undefined;
  const minutes = g.half ? 30 : (num(g.min) ?? 0);
  if ((g.ampm === '下午' || g.ampm === '晚上') && h < 12) h += 12;
  if (h > 23 || minutes > 59) return undefined;
  return `${mm(h)}:${mm(minutes)}`;
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

function unsupported(reason: string): Piece[] {
  return [{ kind: 'unsupported', reason }];
}

// ---- the table --------------------------------------------------------------------------------

const matchers: Array<{ name: string; needs: RegExp[]; source: string; read: Matcher['read'] }> = [
  {
    // "2023-08-26", "2024/3/25", "2024.3.25": dates in spreadsheets and document headers.
    name: 'isoDate',
    needs: [/\d/],
    source: `(?<![\\d.])(?<y>\\d{4})${SP}(?<s>[-/.])${SP}(?<m>\\d{1,2})${SP}\\k<s>${SP}(?<d>\\d{1,2})(?![\\d.])`,
    read: (g, ctx) => {
      const y = yearValue(g.y);
      if (y === null) return null;
      const m = month(g.m, ctx);
      const d = day(m, g.d, ctx);
      if (m === 2 && d === 29 && y % 4 !== 0) throw new InvalidExpression(`「${ctx.phrase}」不是有效的日期`);
      return [
        { kind: 'year', year: y },
        { kind: 'deadline', deadline: monthDay(m, d) },
      ];
    },
  },
  {
    // "3月25日至4月10日", "9月2日至8日", "9月2-8日", "12月7日起至2月8日", "3月至4月10日": a period with a first and a last day.
    name: 'dayRange',
    needs: [/月/, /[-至到]/],
    source:
      `${monthNum('m1')}${SP}月(?:份)?${SP}(?:${dayNum('d1')}${SP}[日号]?${CLOCK}?${SP})?${SEP}(?<next>${NEXT_YEAR})?${SP}` +
      `(?:${YEAR2})?(?:${monthNum('m2')}${SP}月${SP})?${dayNum('d2')}${SP}[日号]${CLOCK}?(?:${SP}(?:止|${BEFORE}))?`,
    read: (g, ctx) => {
      if (g.d1 === undefined && g.m2 === undefined) return null;
      const m1 = month(g.m1, ctx);
      const m2 = g.m2 === undefined ? m1 : month(g.m2, ctx);
      const d1 = g.d1 === undefined ? 1 : day(m1, g.d1, ctx);
      const d2 = day(m2, g.d2, ctx);
      // a year written before the second end ("2023年4月3日-2023年4月20日", "xxxx年4月26日—xxxx年5月7日")
      // only says the range crosses the year end when the months go back
      const nextYear = g.next !== undefined || (g.y2 !== undefined && (m2 < m1 || (m2 === m1 && g.d1 !== undefined && d2 < d1)));
      const crosses = m2 < m1 || (nextYear && m2 <= m1);
      if (g.next !== undefined && m2 >= m1) throw new InvalidExpression(`「${ctx.phrase}」跨度超过一年，请拆成多个事项`);
      if (!crosses && m2 === m1 && d2 < d1) throw new InvalidExpression(`「${ctx.phrase}」的结束日期早于开始日期`);
      return [{ kind: 'period', window: win(m1, m2), startDay: g.d1 === undefined ? undefined : monthDay(m1, d1), deadline: monthDay(m2, d2) }];
    },
  },
  {
    // "2月19日、20日", "3月1日及3月2日", "6月12日和13日": listed days of a month are one period, due on the last.
    name: 'dayList',
    needs: [/月/, /[、和及与]/],
    source: `${monthNum('m1')}${SP}月${SP}${dayNum('d1')}${SP}[日号](?<rest>(?:${SP}(?:、|和|及|与)${SP}(?:${monthNum('m2')}${SP}月${SP})?${dayNum('d2')}${SP}[日号])+)`,
    read: (g, ctx) => {
      const m1 = month(g.m1, ctx);
      const m2 = g.m2 === undefined ? m1 : month(g.m2, ctx);
      const d1 = day(m1, g.d1, ctx);
      const d2 = day(m2, g.d2, ctx);
      if (m2 < m1 || (m2 === m1 && d2 <= d1)) return null;
      return [{ kind: 'period', window: win(m1, m2), startDay: monthDay(m1, d1), deadline: monthDay(m2, d2) }];
    },
  },
  {
    // "8月下旬~9月", "自9月初至11月底", "10月上旬至11月中旬", "4月中旬至5月10日": a period whose ends are
    // parts of months. The window runs from the first month to the last; the end part, when written, is the deadline.
    name: 'partRange',
    needs: [/月/, /[-至到]/],
    source:
      `${monthNum('m1')}${SP}月份?${SP}(?:(?<k1>上|中|下)旬|(?<p1>初|中|底|末))?${SEP}(?<next>${NEXT_YEAR})?${SP}` +
      `${monthNum('m2')}${SP}月份?${SP}(?:(?<k2>上|中|下)旬|(?<p2>初|中|底|末)|${dayNum('d2')}${SP}[日号])?(?:${SP}(?:止|${BEFORE}))?`,
    read: (g, ctx) => {
      // "3—4月份", "3月至4月10日": monthRange and dayRange; "11月至12月底前", "9月至10月中旬" are read here
      if (!g.k1 && !g.p1 && !g.k2 && !g.p2) return null;
      const m1 = month(g.m1, ctx);
      const m2 = month(g.m2, ctx);
      const crosses = m2 < m1;
      if (crosses && g.next === undefined && m2 !== 1) return null;
      if (m1 === m2 && ((!g.k2 && !g.p2 && g.d2 === undefined) || (!g.k1 && !g.p1))) return null;
      const first = g.k1 ?? (g.p1 === undefined ? '上' : g.p1 === '初' ? '上' : g.p1 === '中' ? '中' : '下');
      const startDay = dekad(m1, first).startDay;
      let deadline: string | undefined;
      if (g.d2 !== undefined) deadline = dueDay(m2, g.d2, ctx);
      else if (g.k2 || g.p2) deadline = dekad(m2, g.k2 ?? (g.p2 === '初' ? '上' : g.p2 === '中' ? '中' : '下')).deadline;
      return [{ kind: 'period', window: win(m1, m2), startDay, ...(deadline ? { deadline } : {}) }];
    },
  },
  {
    // "年底至2005年春节前", "12月至次年春节前": a span up to the Spring Festival crosses the year end. The
    // festival moves with the lunar calendar (21 January – 20 February) and falls in February in most
    // years: the span runs to February, with no day of its own. "2005年" there is the end's year.
    name: 'toSpringFestival',
    needs: [/春节/],
    source: `(?:年底|年末|岁末|${monthNum('m1')}${SP}月份?${SP}(?:底|末)?)${SEP}(?:(?<next>${NEXT_YEAR})|(?<![\\dxX])(?<y>\\d{4}|[〇零一二三四五六七八九]{4})${SP}年${SP})?春节${SP}${BEFORE}`,
    read: (g, ctx) => {
      const m1 = g.m1 === undefined ? 12 : month(g.m1, ctx);
      if (m1 < 8) return null; // "3月至春节前" is not a span to next year's festival
      const period: Piece = { kind: 'period', window: win(m1, 2) };
      return g.y ? [{ kind: 'year', year: yearValue(g.y) }, period] : [period];
    },
  },
  {
    // "3—4月份", "三至四月", "11-12月", "12月至次年2月", "3月份至4月份".
    name: 'monthRange',
    needs: [/月/, /[-至到]/],
    source:
      `${monthNum('m1')}${SP}(?:月份?${SP})?${SEP}(?<next>${NEXT_YEAR})?${SP}(?:(?<y2>\\d{4})${SP}年${SP})?` + `${monthNum('m2')}${SP}月份?${NOT_A_DAY_AFTER}`,
    read: (g, ctx) => {
      const m1 = month(g.m1, ctx);
      const m2 = month(g.m2, ctx);
      const nextYear = g.next !== undefined;
      if (m1 === m2 || (nextYear && m2 > m1)) {
        throw new InvalidExpression(m1 === m2 ? `「${ctx.phrase}」的起止月份相同` : `「${ctx.phrase}」跨度超过一年，请拆成多个事项`);
      }
      return [{ kind: 'period', window: win(m1, m2) }];
    },
  },
  {
    // "(3月“情绪管理”、4月“同伴交往”、5月“压力调节”、6月“成长自信”)": months in a row, each with its theme in
    // quotes, bound the duty they explain to those months (03..06). Months out of order are no such run.
    name: 'themedMonths',
    needs: [/月/, /[“"「『]/],
    source: `${monthNum('m1')}${SP}月份?${SP}${THEME}(?<rest>(?:${SP}[、,，;；]${SP}${LISTED_MONTH}${SP}月份?${SP}${THEME})+)`,
    read: (g, ctx) => {
      const listed = (g.rest ?? '').replace(new RegExp(THEME, 'g'), '').match(LISTED_MONTH_RE) ?? [];
      const months = [g.m1, ...listed].map((raw) => month(raw, ctx));
      if (!months.every((m, i) => i === 0 || m === months[i - 1] + 1)) return null;
      return [{ kind: 'period', window: win(months[0], months[months.length - 1]) }];
    },
  },
  {
    // "3、4月份", "3月和4月" mean March and April: a window. "3月份和9月份" names two separate months, which one
    // task cannot hold: refused rather than half read. At the start of a line "3、5月份" is item 3, May.
    name: 'monthList',
    needs: [/月/, /[、和及与]/],
    source:
      `${monthNum('m1')}(?<unit>${SP}月份?)?(?<rest>(?:${SP}${AND}${SP}${LISTED_MONTH}(?:${SP}月份?)?){0,10}` +
      `${SP}${AND}${SP}${LISTED_MONTH}${SP}月份?)${NOT_A_DAY_AFTER}`,
    read: (g, ctx) => {
      if (!g.unit && /^[ \t]*、/.test(g.rest ?? '') && ctx.atLineStart) return null;
      const listed = (g.rest ?? '').match(LISTED_MONTH_RE) ?? [];
      const months = [g.m1, ...listed].map((raw) => month(raw, ctx));
      const consecutive = months.every((m, i) => i === 0 || m === months[i - 1] + 1);
      if (!consecutive) throw new InvalidExpression(`「${ctx.phrase}」列举了不相邻的月份，请拆成多个事项`);
      return [{ kind: 'period', window: win(months[0], months[months.length - 1]) }];
    },
  },
  {
    // "每月5日前", "每月的25号", "每月上旬", "每月底前".
    name: 'monthlyOnDay',
    needs: [/每/, /月/],
    source: `每${SP}(?:一${SP})?个?${SP}月(?:度|份)?${SP}的?${SP}(?:${dayNum('d')}${SP}[日号]|(?<k>上|中|下)旬|(?<end>底|末))(?:${SP}${BEFORE})?`,
    read: (g, ctx) => {
      if (g.end || g.k === '下') return [{ kind: 'recurrence', recurrence: 'monthly' }];
      const dayOfMonth = g.k ? (g.k === '上' ? 10 : 20) : num(g.d);
      if (dayOfMonth === null || dayOfMonth < 1 || dayOfMonth > 31) throw new InvalidExpression(`「${ctx.phrase}」中的日期无效，应为1—31日`);
      return [{ kind: 'recurrence', recurrence: 'monthly', dayOfMonth }];
    },
  },
  {
    // "一月一次", "一个季度一次", "半月一次", "一学期一次": a recurrence and a count in one.
    name: 'oncePerUnit',
    needs: [/次/],
    source: `(?<![每\\d${CN}])(?<p>一|半)${SP}个?${SP}(?<u>周|星期|礼拜|月|季度?|半年|年|学期)${SP}(?:一|1)${SP}次`,
    read: (g) => {
      const units: Record<string, Recurrence> = {
        周: 'weekly',
        星期: 'weekly',
        礼拜: 'weekly',
        月: 'monthly',
        季: 'quarterly',
        季度: 'quarterly',
        半年: 'half-yearly',
        年: 'yearly',
        学期: 'per-semester',
      };
      let recurrence = units[g.u ?? ''];
      if (g.p === '半') {
        if (g.u === '月') recurrence = 'semi-monthly';
        else if (g.u === '年') recurrence = 'half-yearly';
        else return null;
      }
      return [
        { kind: 'recurrence', recurrence },
        { kind: 'count', times: 1, atLeast: false },
      ];
    },
  },
  {
    // "每周编发二期", "每半月一期": issues of a periodical, counted after their cadence. Not "第二期", "一期工程".
    name: 'issueCount',
    needs: [/每/, /期/],
    source: `每${SP}(?<u>周|半${SP}个?${SP}月|月|季度?|年度?)(?<v>[^。；;，,：:\\d第一二三四五六七八九十两]{0,8}?)(?<n>\\d{1,2}|[一二三四五六七八九十两]{1,3})${SP}期(?!工程|项目|间|限|中|末|初)`,
    read: (g) => {
      const n = num(g.n);
      const u = (g.u ?? '').replace(/[ \t个]/g, '');
      const recurrence = ({ 周: 'weekly', 半月: 'semi-monthly', 月: 'monthly', 季: 'quarterly', 季度: 'quarterly', 年: 'yearly', 年度: 'yearly' } as const)[
        u as '周'
      ];
      return n === null || n < 1 || !recurrence
        ? null
        : [
            { kind: 'recurrence', recurrence },
            { kind: 'count', times: n, atLeast: false },
          ];
    },
  },
  {
    // "每周", "每周一", "每半月", "每月", "每季度", "每季度末", "每半年", "每学期", "每年", "按月", "逐月".
    // Not a heading over each month's content: "每月工作重点", "附每月教育主题:".
    name: 'recurrence',
    needs: [/[每按逐]/],
    source:
      `(?:每${SP}(?:一${SP})?个?${SP}|(?<by>按|逐))(?:(?<semi>半${SP}个?${SP}月)|(?<week>周|星期|礼拜)(?:(?<wd>[一二三四五六日天1-7])(?<wds>(?:${SP}[、,，和及]${SP}(?:周|星期)?[一二三四五六日天1-7](?![次遍回\\d月日号年级届]))*)(?![次遍回\\d]))?` +
      `|(?<month>月)(?:度)?(?!${SP}[\\u4e00-\\u9fff]{0,4}?(?:重点|重點|主题|主題|要点|要點|安排)${SP}(?:[:：\\n]|$))|(?<quarter>季)(?:度)?(?:末|底)?|(?<half>半${SP}年)(?:度)?|(?<semester>学期)|(?<year>学?年)(?:度)?)`,
    read: (g, ctx) => {
      if (g.by && !(g.month || g.quarter || g.week)) return null; // "逐年", "按年初…" are not recurrences
      // "参加每学期学校组织的网上选课": the cadence names events someone takes part in, it asks for none
      if (!g.by && /(?:参加|参与|出席)\s*$/.test(ctx.before)) return null;
      if (g.semi) return [{ kind: 'recurrence', recurrence: 'semi-monthly' }];
      if (g.week) {
        const weekday = g.wd ? (WEEKDAYS[g.wd] ?? Number(g.wd)) : undefined;
        // "每周一、四": two days a week, twice a week
        const days = g.wds ? 1 + (g.wds.match(/[一二三四五六日天1-7]/g)?.length ?? 0) : 1;
        return [{ kind: 'recurrence', recurrence: 'weekly', ...(weekday ? { weekday } : {}), ...(days > 1 ? { perPeriod: days } : {}) }];
      }
      if (g.month) return [{ kind: 'recurrence', recurrence: 'monthly' }];
      if (g.quarter) return [{ kind: 'recurrence', recurrence: 'quarterly' }];
      if (g.half) return [{ kind: 'recurrence', recurrence: 'half-yearly' }];
      if (g.semester) return [{ kind: 'recurrence', recurrence: 'per-semester' }];
      return [{ kind: 'recurrence', recurrence: 'yearly' }];
    },
  },
  {
    // "每旬": each third of a month, three times a month ("每旬电话调度一次" → monthly × 3).
    name: 'tenDays',
    needs: [/旬/],
    source: `每${SP}(?:一${SP}|个${SP})?旬`,
    read: () => [{ kind: 'recurrence', recurrence: 'monthly', perPeriod: 3 }],
  },
  {
    // "每三个月" is quarterly, "每6个月" half-yearly, "每12个月" yearly; "每两周", "隔周", "双周" are read as twice a
    // month (the nearest period ducha schedules); "每2个月", "隔月" have no recurrence of their own.
    name: 'everyN',
    needs: [/[每隔双]/],
    source: `每${SP}(?<n>\\d{1,2}|[一二两三四五六七八九十]{1,3})${SP}个?${SP}(?<u>周|星期|礼拜|月)|隔周|隔月|双周`,
    read: (g, ctx) => {
      const n = num(g.n);
      const byMonths: Record<number, Recurrence> = { 1: 'monthly', 3: 'quarterly', 6: 'half-yearly', 12: 'yearly' };
      const fortnight = g.u === undefined || n === 2;
      const byMonth = g.u === '月' || (g.u === undefined && /月/.test(ctx.phrase));
      const recurrence = byMonth ? byMonths[n ?? 0] : n === 1 ? 'weekly' : fortnight ? 'semi-monthly' : undefined;
      if (recurrence) return [{ kind: 'recurrence', recurrence }];
      return unsupported(`「${ctx.phrase}」已识别为按间隔重复，但这样的间隔暂不支持，请改写为每周、每半月、每月、每季度、每半年或每年`);
    },
  },
  {
    name: 'daily',
    needs: [/[每天逐]/],
    source: `每${SP}(?:一${SP})?(?:天|日)(?![前后])|天天|逐日`,
    read: (_g, ctx) => unsupported(`「${ctx.phrase}」已识别为按日重复的时间，但暂不支持，请改写为每周或每月`),
  },
  {
    name: 'festival',
    needs: [/[前后间初]/],
    // "国庆节前", "春节前后", "开学前", "开学初": dated by a festival or the school calendar.
    // A festival of a fixed day with 前后 or 期间 ("“七一”前后", "国庆节期间") is the month of that day.
    source: `(?<f>春节|元旦|清明节?|五一|劳动节|端午节?|中秋节?|国庆节?|七一|建党节|寒假|暑假|开学)[”"’」]?${SP}(?<when>前后|${BEFORE}|以后|之后|后|期间)|开学(?:之)?初`,
    read: (g, ctx) => {
      const fixed = g.f ? FIXED_FESTIVAL_MONTH[g.f] : undefined;
      if (fixed && (g.when === '前后' || g.when === '期间')) return [{ kind: 'period', window: win(fixed, fixed) }];
      return unsupported(`「${ctx.phrase}」已识别为按节日或开学确定的时间，但暂不支持，请写明具体日期`);
    },
  },
  {
    // "x月x日", "x月": a template date nobody filled in. "x" is never read as a number.
    name: 'placeholderDate',
    needs: [/月/, /[xX]/],
    source: `(?<![A-Za-z])[xX]{1,2}${SP}月(?:${SP}[xX\\d]{1,2}${SP}[日号])?`,
    read: (_g, ctx) => unsupported(`「${ctx.phrase}」中的日期尚未填写`),
  },
  {
    // "3月中旬", "3月上旬前", "3月初": a third of a month; with 前 only its end counts.
    name: 'dekad',
    needs: [/月/, /[旬初]/],
    // "11月中下旬" (11th to the end), "3月上中旬" (1st to 20th): two adjacent thirds.
    source: `${monthNum('m')}${SP}月份?${SP}(?:(?<k>上|中|下)(?:${SP}、?${SP}(?<k2>中|下))?旬|(?<early>初))(?<before>${SP}${BEFORE})?`,
    read: (g, ctx) => {
      const m = month(g.m, ctx);
      if (g.k2 && !((g.k === '上' && g.k2 === '中') || (g.k === '中' && g.k2 === '下'))) return null;
      const part = { startDay: dekad(m, g.k ?? '初').startDay, deadline: dekad(m, g.k2 ?? g.k ?? '初').deadline };
      if (g.before) return [{ kind: 'deadline', deadline: part.deadline }];
      return [{ kind: 'period', window: win(m, m), ...part }];
    },
  },
  {
    // "2/23(一)", "3/11（三）", "2/23-2/27": month/day as school calendars and tables write them. Only with a
    // weekday after it, a range, or at the start of a line or list item, so that "1/3的" stays a fraction.
    name: 'slashDate',
    needs: [/\//],
    source:
      `(?<![\\d/.])(?<m>\\d{1,2})${SP}/${SP}(?<d>\\d{1,2})(?:(?:${SP}[(（]${SP}(?:周|星期)?[一二三四五六日天]${SP}[)）])?${SP}(?<sep>-|至|到|、)${SP}(?:(?<m2>\\d{1,2})${SP}/${SP})?(?<d2>\\d{1,2}))?(?![\\d/.])` +
      `(?<wd>${SP}[(（]${SP}(?:周|星期)?[一二三四五六日天]${SP}[)）])?`,
    read: (g, ctx) => {
      const m = Number(g.m);
      const d = Number(g.d);
      if (m < 1 || m > 12 || d < 1 || d > daysInMonth(2000, m)) return null;
      // at a line or item start, or after the day numbers of a calendar grid ("25 26 27 28 29 1 2 2/26…")
      const listStart = /(?:^|\n)[ \t]*(?:\d{1,2}[.、．)）]|[(（]\d{1,2}[)）]|(?:\d{1,2}[ \t]+)+)?[ \t]*$/.test(ctx.before);
      if (!g.wd && g.d2 === undefined && !listStart && !ctx.atLineStart) return null;
      // "4/16(四)、4/17(五)": two listed days need their weekdays and the month written again ("1/3、2/3" are fractions)
      if (g.sep === '、' && (g.m2 === undefined || !/[(（]/.test(ctx.phrase))) return null;
      if (g.d2 !== undefined) {
        const m2 = g.m2 === undefined ? m : Number(g.m2);
        const d2 = Number(g.d2);
        if (m2 < 1 || m2 > 12 || d2 < 1 || d2 > daysInMonth(2000, m2) || m2 < m || (m2 === m && d2 < d)) return null;
        return [{ kind: 'period', window: win(m, m2), startDay: monthDay(m, d), deadline: monthDay(m2, d2) }];
      }
      return [{ kind: 'deadline', deadline: dueDay(m, g.d, ctx) }];
    },
  },
  {
    // "3月25日", "3月25日前", "5月22日下午4点半".
    name: 'date',
    needs: [/月/, /[日号]/],
    source: `${monthNum('m')}${SP}月${SP}${dayNum('d')}${SP}[日号](?:${SP}(?:${BEFORE}|止))?(?:${SP}${TIME})?`,
    read: (g, ctx) => {
      const m = month(g.m, ctx);
      const time = timeOfDay(g);
      return [{ kind: 'deadline', deadline: dueDay(m, g.d, ctx), ...(time ? { timeOfDay: time } : {}) }];
    },
  },
  {
    // "10月底前", "10月末", "10月份前", "10月前" (all by the end of October).
    name: 'monthEnd',
    needs: [/月/, /[底末前]/],
    source: `${monthNum('m')}${SP}月份?${SP}(?:(?:底|末)(?:${SP}${BEFORE})?|${BEFORE})`,
    read: (g, ctx) => [{ kind: 'deadline', deadline: monthEnd(month(g.m, ctx)) }],
  },
  {
    // "在8月份正式命名之前": before an event of that month, by the end of it.
    name: 'monthEventBefore',
    needs: [/月/, /前/],
    source: `(?<=(?:在|于)${SP})${monthNum('m')}${SP}月份?(?![底末初中上下])[^，,。；;：:、\\s\\d月日号前]{2,8}?(?:之前|以前)`,
    read: (g, ctx) => [{ kind: 'deadline', deadline: monthEnd(month(g.m, ctx)) }],
  },
  {
    // "10底前", as written in the samples: 月 left out.
    name: 'monthEndWithout月',
    needs: [/前/],
    source: `${monthNum('m')}${SP}(?:底|末)${SP}${BEFORE}`,
    read: (g, ctx) => [{ kind: 'deadline', deadline: monthEnd(month(g.m, ctx)) }],
  },
  {
    // "从7月份开始", "自3月起": open-ended, read as running to the year end.
    name: 'monthOnwards',
    needs: [/月/, /[起始]/],
    source: `(?:从|自|于)?${SP}${monthNum('m')}${SP}月份?${SP}(?:起(?!草)|开始)`,
    read: (g, ctx) => [{ kind: 'period', window: win(month(g.m, ctx), 12), onwards: true }],
  },
  {
    // "2024年底前", "xxxx年末", "2024年内", "2024年初".
    name: 'yearWithPart',
    needs: [/年/, /[底末终内初]/],
    source: `${YEARLIKE}${SP}年(?:度)?${SP}(?<w>底|末|终|内|初)(?:${SP}${BEFORE})?`,
    read: (g) => {
      const year: Piece = { kind: 'year', year: yearValue(g.y) };
      if (g.w === '内') return [year, { kind: 'period', window: win(1, 12) }];
      if (g.w === '初') return [year, { kind: 'period', window: win(1, 1) }];
      return [year, { kind: 'deadline', deadline: monthEnd(12) }];
    },
  },
  {
    // "2021年为集中攻坚阶段", "2022年巩固提升阶段": a year that names a stage of a plan is that whole year.
    name: 'yearStage',
    needs: [/年/],
    source: `${YEARLIKE}${SP}年(?:度)?(?=${SP}(?:为|為|是|进入|進入)?[^，,。；;、\\d年月]{0,10}(?:阶段|階段)(?!性))`,
    read: (g) => {
      const year = yearValue(g.y);
      return year === null
        ? null
        : [
            { kind: 'year', year },
            { kind: 'period', window: win(1, 12) },
          ];
    },
  },
  {
    // "2018年", "2018年度", "二〇一八年", "20xx年", "xxxx年度", "20xx-20xx年". Not a span up to now, which
    // dates past work: "2017年以来", "2017年至今".
    name: 'year',
    needs: [/年/],
    source: `${YEARLIKE}(?:${SP}-${SP}(?<y2>\\d{4}|[xX]{4}|20[xX]{2}))?${SP}年(?:度)?(?!${SP}(?:以来|至今|起至今))`,
    read: (g) => {
      const year = yearValue(g.y);
      if (year === null && !/[xX*×]/.test(g.y ?? '')) return null; // "1200年" is not a plan year
      return [{ kind: 'year', year: g.y2 ? null : year }];
    },
  },
  {
    // "明年", "次年" (the year after the plan's), "今年", "本年度" (the plan's own year).
    name: 'relativeYear',
    needs: [/年/],
    source: `(?<![去前])(?:(?<next>明年|次年|翌年|来年|下一?年度)|(?<this>今年|本年度?|当年))`,
    read: (g) => [{ kind: 'year', year: null, ...(g.next ? { yearOffset: 1 } : {}) }],
  },
  {
    // "第二、三季度", "二、三季度", "第二季度、第三季度", "一、二、三季度": adjacent quarters make one window.
    // "二、三季度末" is left to quarterEnd.
    name: 'quarterList',
    needs: [/季/, /[、和及与]/],
    source:
      `第?${SP}${quarterNum('q1')}${SP}(?:季度${SP})?(?<rest>(?:${AND}${SP}第?${SP}${LISTED_QUARTER}${SP}(?:季度${SP})?){0,2}` +
      `${AND}${SP}第?${SP}${LISTED_QUARTER}${SP}季度)(?!${SP}(?:末|底))`,
    read: (g, ctx) => {
      const listed = (g.rest ?? '').match(LISTED_QUARTER_RE) ?? [];
      const quarters = [g.q1, ...listed].map((raw) => quarter(raw, ctx));
      const consecutive = quarters.every((q, i) => i === 0 || q === quarters[i - 1] + 1);
      if (!consecutive) throw new InvalidExpression(`「${ctx.phrase}」列举了不相邻的季度，请拆成多个事项`);
      return [{ kind: 'period', window: win(quarters[0] * 3 - 2, quarters[quarters.length - 1] * 3) }];
    },
  },
  {
    // "一至三季度", "第二-三季度".
    name: 'quarterRange',
    needs: [/季/, /[-至到]/],
    source: `第?${SP}${quarterNum('q1')}${SP}(?:季度${SP})?${SEP}第?${SP}${quarterNum('q2')}${SP}季度`,
    read: (g, ctx) => {
      const q1 = quarter(g.q1, ctx);
      const q2 = quarter(g.q2, ctx);
      if (q2 <= q1) throw new InvalidExpression(`「${ctx.phrase}」的季度范围无效`);
      return [{ kind: 'period', window: win(q1 * 3 - 2, q2 * 3) }];
    },
  },
  {
    // "前三季度", "前2个季度": from January to the end of that quarter.
    name: 'firstQuarters',
    needs: [/季/, /前/],
    source: `前${SP}${quarterNum('q')}${SP}个?${SP}季度`,
    read: (g, ctx) => [{ kind: 'period', window: win(1, quarter(g.q, ctx) * 3) }],
  },
  {
    // "前3个月": January to March.
    name: 'firstMonths',
    needs: [/月/, /前/],
    source: `前${SP}${monthNum('m')}${SP}个${SP}月`,
    read: (g, ctx) => [{ kind: 'period', window: win(1, month(g.m, ctx)) }],
  },
  {
    // "第一季度末", "三季度底前", "二季末".
    name: 'quarterEnd',
    needs: [/季/, /[末底]/],
    source: `第?${SP}${quarterNum('q')}${SP}季度?${SP}(?:末|底)(?:${SP}${BEFORE})?`,
    read: (g, ctx) => [{ kind: 'deadline', deadline: monthEnd(quarter(g.q, ctx) * 3) }],
  },
  {
    // "第四季度", "四季度", "一季度", "Q3".
    name: 'quarter',
    needs: [/[季Qq]/],
    source: `第?${SP}${quarterNum('q')}${SP}季度|(?<![A-Za-z])[Qq](?<qq>[1-4])(?!\\d)`,
    read: (g, ctx) => [{ kind: 'period', window: quarterWindow(quarter(g.q ?? g.qq, ctx)) }],
  },
  {
    // "季度末" without a number: at every quarter's end.
    name: 'quarterEnds',
    needs: [/季/, /[末底]/],
    source: `(?<![上本下])季度?(?:末|底)`,
    read: () => [{ kind: 'recurrence', recurrence: 'quarterly' }],
  },
  {
    // "上半年", "下半年", "上半年前" (by 30 June), "下半年底前".
    name: 'halfYear',
    needs: [/年/, /半/],
    source: `(?<![每])(?<h>上|下|前|后)${SP}半${SP}年(?:度)?(?<end>底|末)?(?<before>${SP}${BEFORE})?`,
    read: (g) => {
      const first = g.h === '上' || g.h === '前';
      if (g.before || g.end) return [{ kind: 'deadline', deadline: monthEnd(first ? 6 : 12) }];
      return [{ kind: 'period', window: first ? win(1, 6) : win(7, 12) }];
    },
  },
  {
    // "年底前", "年底", "年末", "年终". Not "去年底".
    name: 'yearEnd',
    needs: [/[年岁]/],
    source: `(?<![去前近上])(?:年底|年末|年终|岁末)(?:${SP}${BEFORE})?`,
    read: () => [{ kind: 'deadline', deadline: monthEnd(12) }],
  },
  {
    // "全年", "全年度", "年内", "一年中" ("代表一年中至少述职一次"). Not "近年内", "五年内" (several years), nor 全年 naming a noun ("全年工作", "对全年活动进行安排").
    name: 'wholeYear',
    needs: [/年/],
    source: `全${SP}年(?!度?${SP}(?:的|工作|活动|任务|目标|计划|工会|各项|情况|成绩|收入|经济|总结|考核))(?:度)?|(?<![近几多数两二三四五六七八九十百\\d])年(?:度)?内|(?<![近几多数两二三四五六七八九十百\\d上下前去每])一${SP}年${SP}(?:之中|当中|中|里)`,
    read: () => [{ kind: 'period', window: win(1, 12) }],
  },
  {
    // "年初": the first month, as 上旬 is the first part of a month. Not "年初的会议" (the meeting named by
    // when it is held; its own time follows).
    name: 'yearStart',
    needs: [/年初/],
    source: `(?<![去前近两二三四五六七八九十\\d])年初(?!${SP}的${SP}(?!时候|时间|几天)[\\u4e00-\\u9fff])`,
    read: () => [{ kind: 'period', window: win(1, 1) }],
  },
  {
    // "5月份", "十一月", "3月".
    name: 'month',
    needs: [/月/],
    source: `${monthNum('m')}${SP}月份?${NOT_A_DAY_AFTER}`,
    read: (g, ctx) => {
      const m = month(g.m, ctx);
      return [{ kind: 'period', window: win(m, m) }];
    },
  },
  {
    // "一次", "两次", "二次以上", "不少于两次", "3次", "x次". Not "第二次", "五届五次", "大会二次会议", "一次性".
    name: 'count',
    needs: [/次/],
    source: `(?<![第届每${CN}\\d.xX]|大会)(?<pre>不少于|至少|不低于|最少)?${SP}(?<n>\\d{1,3}|[一二三四五六七八九十两]{1,3}|[xX]{1,3}|几)(?:${SP}(?:-|至|到)${SP}(?<n2>\\d{1,3}|[一二三四五六七八九十两]{1,3}))?${SP}(?<ren>人)?次(?<more>以上|及以上|或以上)?(?!性)`,
    read: (g) => {
      // "1-2次", "二至三次": the lower end is what can be required
      const atLeast = Boolean(g.pre || g.more || g.n2);
      // "不少于10人次" is a requirement; "共86人次" counts who took part
      if (g.ren && !g.pre && !g.more) return null;
      const n = num(g.n);
      if (n === null) return [{ kind: 'count', times: null, atLeast }]; // "x次", "几次"
      if (n < 1) return null;
      return [{ kind: 'count', times: n, atLeast }];
    },
  },
];

export const MATCHERS: readonly Matcher[] = matchers.map((m) => ({ name: m.name, needs: m.needs, pattern: new RegExp(m.source, 'g'), read: m.read }));
