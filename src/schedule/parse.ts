/**
 * parseSchedule: reads the time expressions of a phrase ("3—4月份") or of a whole sentence from a
 * plan and combines them into one Schedule.
 *
 * How several expressions in one sentence combine (plans are prose, and sentences often carry a
 * second, unrelated date such as "下半年,我镇将紧紧围绕年初提出的奋斗目标"):
 * - the first written year counts ("20xx年" is a template: null);
 * - the first recurrence counts;
 * - the first period of months (window) and the first deadline count; a later one is only taken
 *   when it fits what was already read (a deadline inside the window), otherwise ignored;
 * - a count ("一次", "二次以上", "x次") counts only when it comes after the first time expression,
 *   as in "3—4月份,…开展一次…" and "每月…活动x次"; a count before it belongs to something else
 *   ("一年召开不少于两次人代会的,拟在第四季度召开…");
 * - a malformed expression ("13月") makes the whole text fail, quoting it; an unsupported one
 *   ("每天") only fails when nothing else was found.
 * What is a commitment and what is a report of past work is the importer's call, not this one's:
 * "4月22日,县武装部在我镇顺利召开…" is read as dated 04-22.
 */
import { normalizeText } from './normalize.js';
import { scanTimeExpressions, type Token } from './scan.js';
import type { Window } from './patterns.js';
import type { ParseOutcome, Recurrence, Schedule, ScheduleDetail } from './types.js';

interface Reading {
  window: Window | null;
  startDay: string | null;
  deadline: string | null;
  timeOfDay?: string;
  recurrence: Recurrence | null;
  dayOfMonth: number | null;
  weekday?: number;
  /** Times a period the cadence says by itself ("每旬" = 3 a month). */
  perPeriod?: number;
  year: number | null;
  yearOffset?: number;
  used: Token[];
}

const MAX_QUOTE = 40;

export function parseSchedule(text: string): ParseOutcome {
  const source = typeof text === 'string' ? text : '';
  const tokens = festivalRounds(scanTimeExpressions(source), source);

  const invalid = tokens.find((t) => t.piece.kind === 'invalid');
  if (invalid && invalid.piece.kind === 'invalid') return { ok: false, reason: invalid.piece.reason, phrase: source.slice(invalid.start, invalid.end) };

  const reading = readTokens(unquoted(conceded(explained(tokens, source), source), source), source);
  if (reading.used.length === 0) {
    const unsupported = tokens.find((t) => t.piece.kind === 'unsupported');
    if (unsupported && unsupported.piece.kind === 'unsupported') {
      return { ok: false, reason: unsupported.piece.reason, phrase: source.slice(unsupported.start, unsupported.end) };
    }
    const phrase = source.trim();
    return { ok: false, reason: `未找到时间表达：「${quote(phrase)}」`, phrase };
  }

  const count = countAfter(tokens, reading.used[0].start);
  const used = count ? [...reading.used, count] : reading.used;
  const written = count?.piece.kind === 'count' ? count.piece : null;
  // "2008年1月9日至11日进行一次": one event over a span of days is that span, not a count to supervise
  // (a cadence's "每周…一次" and "两次" within the span still count)
  const spanOnce =
    written !== null && written.times === 1 && !written.atLeast && reading.recurrence === null && reading.used.some((t) => t.matcher === 'dayRange');
  const countPiece = spanOnce ? null : written;

  const schedule: Schedule = {
    window: reading.window,
    deadline: laterDayAdded(reading, source) ?? reading.deadline,
    recurrence: reading.recurrence,
    // "每旬…一次" is three a month; "每旬" alone says its three as well
    times: countPiece ? (countPiece.times === null ? null : countPiece.times * (reading.perPeriod ?? 1)) : (reading.perPeriod ?? null),
    year: reading.year,
  };
  const detail: ScheduleDetail = {
    startDay: reading.startDay,
    dayOfMonth: reading.dayOfMonth,
    matched: matchedPhrases(source, used),
    timesUnknown: countPiece !== null && countPiece.times === null,
    ...(reading.weekday ? { weekday: reading.weekday } : {}),
    ...(reading.timeOfDay ? { timeOfDay: reading.timeOfDay } : {}),
    ...(reading.yearOffset && reading.year === null ? { yearOffset: reading.yearOffset } : {}),
    ...(countPiece?.atLeast ? { timesAtLeast: true } : {}),
  };
  return { ok: true, schedule, detail };
}

/** "…1月10日内及11日白天", "1月12日-15日全天及11日-21日晚上": more days of the same month added to a span. */
const ADDED_DAYS =
  /^[^，,。；;:：\n\d]{0,4}?(?:及|以及|和|、)(?:\d{1,2}[日号]?[ \t]{0,2}(?:-|—|–|~|～|至|到)[ \t]{0,2})?(?<day>\d{1,2})[日号](?![^，,。；;\n]{0,3}(?:前|之前|以前))/;

/** The end of a span of days pushed out by days of the same month added after it, or null. */
function laterDayAdded(reading: Reading, text: string): string | null {
  const span = reading.used.find((t) => t.matcher === 'dayRange');
  if (!span || span !== reading.used[reading.used.length - 1] || reading.recurrence !== null || reading.deadline === null) return null;
  const end = /^(\d{2})-(\d{2})$/.exec(reading.deadline);
  const added = ADDED_DAYS.exec(text.slice(span.end));
  if (!end || !added?.groups) return null;
  const day = Number(added.groups.day);
  if (day <= Number(end[2]) || day > 31) return null;
  return `${end[1]}-${String(day).padStart(2, '0')}`;
}

/** A start named as such: "从4月中旬开始", "6月开工", "3月15日起", "自9月". */
const START_AFTER = /^[ \t]{0,2}(?:份)?(?:开始|起(?!草|诉|因|到)|启动|开工|动工|着手|进场|进驻|全面铺开|正式实施)/;
const START_BEFORE = /(?:从|自)[ \t]{0,2}$/;
/** "3月末换届完成后,开始…", "5月底结束后启动…": what starts once that time is past. */
const START_AFTER_DONE = /^[^，,。；;]{0,8}(?:完成|结束)?(?:之后|以后|后)[，, \t]{0,2}(?:开始|启动|着手|进行|全面开展)/;
/** The end of a started piece of work: "5月10日前完成", "年底竣工", "6月底结束". */
const END_AFTER = /^[ \t]{0,2}(?:份)?(?:前|以前|之前)?[ \t]{0,2}(?:完成|竣工|结束|完工|收尾|验收|全面完成|基本完成|办结)/;

/**
 * Goes through the tokens in text order and keeps what fits (see the rules at the top). A time
 * named as a start ("从4月中旬开始…", "6月开工") followed by a later end ("…5月10日前完成",
 * "…年底竣工") is one period from the first to the second, due at the second.
 */
function readTokens(tokens: Token[], text: string): Reading {
  const r: Reading = { window: null, startDay: null, deadline: null, recurrence: null, dayOfMonth: null, year: null, used: [] };
  let started = false;
  // the deadline was written as a day ("5/16", "2月25日"): a month named after it does not make a window
  // ("5/16 五月份庆生会", "2/25 课照扣款(2-4月)": the month names what the event is about)
  let dayFirst = false;
  // the deadline of a start's own reading ("5月上旬开工" is due 05-10), kept when no end follows
  let startDeadline: string | null = null;
  const dropStart = (): void => {
    if (started && startDeadline !== null && r.deadline === null) r.deadline = startDeadline;
    started = false;
    startDeadline = null;
  };
  for (const token of tokens) {
    const p = token.piece;
    // only the few characters around a token are normalised (traditional 開始 → 开始), not the whole text again
    const after = (): string => normalizeText(text.slice(token.end, token.end + 8));
    // "3月末换届完成后,开始…": the work starts after that time, in the next month when it is a month's end
    const startsAfter = (p.kind === 'period' || p.kind === 'deadline') && START_AFTER_DONE.test(normalizeText(text.slice(token.end, token.end + 16)));
    const isStart =
      (p.kind === 'period' || p.kind === 'deadline') &&
      (startsAfter || START_AFTER.test(after()) || START_BEFORE.test(normalizeText(text.slice(Math.max(0, token.start - 3), token.start))));
    if (startsAfter && p.kind === 'deadline' && p.deadline.endsWith('end') && !started && r.window === null && r.deadline === null && r.recurrence === null) {
      const next = String((Number(p.deadline.slice(0, 2)) % 12) + 1).padStart(2, '0');
      r.window = { start: next, end: next };
      r.startDay = `${next}-01`;
      started = true;
      r.used.push(token);
      continue;
    }
    if (!started && r.window === null && r.deadline === null && r.recurrence === null && isStart && (p.kind === 'period' || p.kind === 'deadline')) {
      const startMonth = p.kind === 'period' ? p.window.start : p.deadline.slice(0, 2);
      r.window = p.kind === 'period' ? p.window : { start: startMonth, end: startMonth };
      r.startDay = p.kind === 'period' ? (p.startDay ?? null) : p.deadline.endsWith('end') ? null : p.deadline;
      if (p.kind === 'period' && p.deadline && p.window.start !== p.window.end) r.deadline = p.deadline;
      else if (p.kind === 'period' && p.deadline) startDeadline = p.deadline;
      started = true;
      r.used.push(token);
      continue;
    }
    if (started && r.window && (p.kind === 'deadline' || p.kind === 'period')) {
      const endMonth = p.kind === 'deadline' ? p.deadline.slice(0, 2) : p.window.end;
      const later = Number(endMonth) > Number(r.window.start) || (Number(endMonth) === Number(r.window.start) && p.kind === 'deadline');
      const isEnd = p.kind === 'deadline' || END_AFTER.test(after());
      if (later && isEnd) {
        r.window = { start: r.window.start, end: endMonth };
        r.deadline = p.kind === 'deadline' ? p.deadline : (p.deadline ?? null);
        started = false;
        startDeadline = null;
        r.used.push(token);
        continue;
      }
    }
    if (started && p.kind !== 'year' && p.kind !== 'count') dropStart();
    if (p.kind === 'year') {
      if (r.year === null && p.year !== null) r.year = p.year;
      if (r.yearOffset === undefined && p.yearOffset !== undefined) r.yearOffset = p.yearOffset;
      r.used.push(token);
    } else if (p.kind === 'recurrence') {
      if (r.recurrence !== null) continue;
      r.recurrence = p.recurrence;
      r.dayOfMonth = p.dayOfMonth ?? null;
      if (p.weekday) r.weekday = p.weekday;
      if (p.perPeriod) r.perPeriod = p.perPeriod;
      r.used.push(token);
    } else if (p.kind === 'period') {
      if (r.window !== null || (p.deadline && r.deadline !== null)) continue;
      if (r.deadline !== null && (dayFirst || !monthInWindow(r.deadline, p.window))) continue;
      r.window = p.window;
      r.startDay = p.startDay ?? null;
      if (p.deadline) r.deadline = p.deadline;
      r.used.push(token);
    } else if (p.kind === 'deadline') {
      if (r.deadline !== null) continue;
      if (r.window !== null && !monthInWindow(p.deadline, r.window)) continue;
      r.deadline = p.deadline;
      dayFirst =
        r.window === null && /[日号\/]|\d[.．]\d/.test(text.slice(token.start, token.end)) && !/前|之前|以前|止/.test(text.slice(token.start, token.end));
      if (p.timeOfDay) r.timeOfDay = p.timeOfDay;
      r.used.push(token);
    }
  }
  dropStart();
  return r;
}

/**
 * A rough time explained by a precise one in brackets after it ("年初(3—4月)", "年末(12月)",
 * "第一季度(3月底前)"): the bracketed one is what the plan means, the rough one is dropped.
 */
function explained(tokens: Token[], text: string): Token[] {
  const timed = (t: Token) => t.piece.kind === 'period' || t.piece.kind === 'deadline';
  const dropped = new Set<Token>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    if (!timed(a)) continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j].start === a.start) j++;
    const b = tokens[j];
    if (!b || !timed(b) || !/^[ \t]*[(（][ \t]*$/.test(text.slice(a.end, b.start))) continue;
    for (let k = i; k < j; k++) if (tokens[k].start === a.start && tokens[k].piece.kind !== 'year') dropped.add(tokens[k]);
  }
  return dropped.size ? tokens.filter((t) => !dropped.has(t)) : tokens;
}

/**
 * "每年“七一”前后集中安排一次党课": a yearly round named by a festival of a fixed day is in that month.
 * A one-off festival-relative time ("七一前后开展评比") has no calendar date: it stays unsupported.
 */
function festivalRounds(tokens: Token[], text: string): Token[] {
  if (!tokens.some((t) => t.matcher === 'festival' && t.piece.kind === 'period')) return tokens;
  const yearly = tokens.some((t) => t.piece.kind === 'recurrence' && t.piece.recurrence === 'yearly');
  if (yearly) return tokens;
  return tokens.map((t) =>
    t.matcher === 'festival' && t.piece.kind === 'period'
      ? { ...t, piece: { kind: 'unsupported', reason: `「${text.slice(t.start, t.end)}」已识别为按节日或开学确定的时间，但暂不支持，请写明具体日期` } }
      : t,
  );
}

/**
 * "参加“庆国庆,九月放歌”校园艺术节": a month inside a quoted name or slogan names nothing to do then;
 * nor does a bare year there ("围绕“办好2010年中国上海世博会”的主题撰写论文": the Expo's year, not
 * the paper's). Only a month (a window) or a year alone, not a date.
 */
function unquoted(tokens: Token[], text: string): Token[] {
  if (!text.includes('“')) return tokens;
  const quoted = (t: Token): boolean => {
    const open = text.lastIndexOf('“', t.start);
    return open >= 0 && text.lastIndexOf('”', t.start) < open && text.indexOf('”', t.end) >= t.end && text.slice(open, t.start).length <= 12;
  };
  const inside = tokens.filter((t) => (t.matcher === 'month' || t.matcher === 'year') && quoted(t));
  return inside.length ? tokens.filter((t) => !inside.includes(t)) : tokens;
}

/**
 * "虽然1月份顺利通过了测评,但在8月份正式命名之前还要…": the time of the conceded clause is what has been,
 * the one after 但 is the commitment. Dropped only when a time follows the 但.
 */
function conceded(tokens: Token[], text: string): Token[] {
  const clause = /(?:虽然|虽说|尽管)[^。；;!！?？\n]*?[，,]\s*(?:但是|但|却|可是)/.exec(text);
  if (!clause) return tokens;
  const from = clause.index;
  const to = clause.index + clause[0].length;
  const timed = (t: Token) => t.piece.kind === 'period' || t.piece.kind === 'deadline';
  if (!tokens.some((t) => timed(t) && t.start >= to)) return tokens;
  return tokens.filter((t) => !(timed(t) && t.start >= from && t.end <= to));
}

/** The month of a "MM-DD" / "MM-end" deadline lies in the window (which may cross the year end). */
export function monthInWindow(deadline: string, window: Window): boolean {
  const m = Number(deadline.slice(0, 2));
  const s = Number(window.start);
  const e = Number(window.end);
  return s <= e ? m >= s && m <= e : m >= s || m <= e;
}

/** The first count at or after the first time expression that was used. */
function countAfter(tokens: Token[], from: number): Token | undefined {
  return tokens.find((t) => t.piece.kind === 'count' && t.start >= from);
}

/** The used substrings of the input in order; touching ones (or ones apart by blanks) are joined. */
function matchedPhrases(source: string, used: Token[]): string[] {
  const spans = [...new Map(used.map((t) => [`${t.start}:${t.end}`, [t.start, t.end] as const])).values()].sort((a, b) => a[0] - b[0]);
  const joined: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = joined[joined.length - 1];
    if (last && /^[ \t]*$/.test(source.slice(last[1], start))) last[1] = Math.max(last[1], end);
    else joined.push([start, end]);
  }
  return joined.map(([start, end]) => source.slice(start, end));
}

function quote(text: string): string {
  const chars = [...text];
  return chars.length > MAX_QUOTE ? `${chars.slice(0, MAX_QUOTE).join('')}…` : text;
}
