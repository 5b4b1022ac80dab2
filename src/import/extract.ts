/**
 * Plan text → candidate items: the dated (and undated) commitments of a Chinese work plan, each
 * with its section path, source quote, schedule, a confidence, and suggested unit and evidence.
 *
 * 1. structure.ts finds the plans of a collection, the heading tree and 一是…二是… enumerations;
 * 2. each leaf of the tree (or paragraph, or enumeration part) is a candidate;
 * 3. classify.ts tells commitments from reports of past work, sentence by sentence, using the
 *    context (the heading, the paragraph introducing a list, the document's own preamble);
 * 4. the commitment sentences that carry a time expression are read by parseSchedule.
 *
 * Pure and synchronous. Nothing here decides for the user: what is judged not to be a commitment
 * is returned in `skipped` with the reason, so a reviewer can restore it.
 */
import { parseSchedule, type ParseOutcome, type Schedule, type ScheduleDetail } from '../schedule/index.js';
import { scanTimeExpressions } from '../schedule/scan.js';
import {
  findCoUnits,
  findUnit,
  headingMode,
  isCircumstance,
  introMode,
  isTimeLabel,
  withoutCircumstance,
  makeTitle,
  preambleMode,
  suggestEvidence,
  tenseOf,
  tenseScore,
  truncate,
  type EvidenceSuggestion,
  type Mode,
  type TenseScore,
} from './classify.js';
import {
  findCalendarGrids,
  findFlattenedTables,
  findTables,
  spellDottedDates,
  weekdayColumns,
  weekSpans,
  type CalendarGrid,
  type GridNote,
  type TextTable,
} from './tables.js';
import {
  buildOutline,
  findEnumeration,
  findPartTitles,
  looksLikeTitle,
  numeralValue,
  paragraphs,
  sectionPath,
  sentences,
  stripEndPunct,
  trimSpan,
  MAX_SENTENCE,
  type OutlineNode,
  type Para,
  type Span,
} from './structure.js';

export type { EvidenceSuggestion } from './classify.js';

/**
 * Items below this confidence are marked for review. On the corpus most false items sit below it
 * and most real ones above it (npm run eval:extract prints both numbers).
 */
export const REVIEW_THRESHOLD = 0.7;

export interface ExtractedItem {
  /** Exact source text of the item (its marker, e.g. "2、" or "一是", left out). */
  quote: string;
  /** Titles of the headings above the item, outermost first. */
  section: string[];
  /** Short Chinese title, at most 40 characters. */
  title: string;
  /** The item's own text carries a time expression (a year alone does not count). */
  timed: boolean;
  /** null: no time expression, a whole-year item (see `scope` for a narrower inherited window). */
  schedule: Schedule | null;
  scheduleDetail: ScheduleDetail | null;
  /** The time phrase(s) as written, e.g. "3—4月份"; what the ledger and the UI show. */
  timeText: string | null;
  /** 0..1: how sure the extraction is that this is a commitment read right. */
  confidence: number;
  evidence: EvidenceSuggestion[];
  /** Responsible unit when the text names one. */
  unit: string | null;
  /** Co-operating units when the text names them ("配合单位：…"). */
  coUnits: string[];
  /** Responsible person when the text names one (a table's 责任人 column). */
  owner?: string | null;
  /** The item is a row of a table (Word or text). */
  tableRow?: boolean;
  /** 1-based line of the quote in the text given. */
  line: number;
  /** Offsets of the quote in the text given. */
  start: number;
  end: number;
  /** For an untimed item: the window of the heading or plan it sits in (下半年…, 第四季度…). */
  scope: Schedule | null;
  /** Why the confidence is what it is, and what the reviewer should check. */
  notes: string[];
}

export type SkipReason = 'report' | 'problems' | 'background' | 'opinions' | 'lead' | 'empty-heading' | 'table-header' | 'restated';

export interface SkippedPassage {
  quote: string;
  section: string[];
  line: number;
  reason: SkipReason;
  /** The time phrase, when the passage has one (a past event with a date, for example). */
  timeText: string | null;
}

export interface ExtractedPlan {
  /** "乡镇人大工作工作计划篇1", or the document's first line when it reads as a title. */
  title: string | null;
  /** 1-based line of the title (or of the first paragraph). */
  line: number;
  /** The plan's year when written as a real year ("制定出2018年工作计划"). */
  year: number | null;
  /** plan: commitments; report: a report of past work; mixed: both. */
  mode: 'plan' | 'report' | 'mixed';
  /** The period the whole plan covers when its preamble names one ("第四季度…工作计划"). */
  scope: Schedule | null;
  items: ExtractedItem[];
  skipped: SkippedPassage[];
}

export interface ExtractOptions {
  /** The time-expression parser; parseSchedule by default. */
  parse?: (text: string) => ParseOutcome;
}

/** The JSON the CLI prints, one object per item. */
export interface ExtractJson {
  quote: string;
  section: string[];
  title: string;
  timed: boolean;
  window: { start: string; end: string } | null;
  deadline: string | null;
  recurrence: Schedule['recurrence'];
  times: number | null;
  year: number | null;
  confidence: number;
}

// ---------------------------------------------------------------------------------------------

/** Splits a document into its plans ("…篇1", "…篇2", …) and extracts each. */
export function extractPlans(text: string, options: ExtractOptions = {}): ExtractedPlan[] {
  const paras = paragraphs(text);
  const parts = findPartTitles(text, paras);
  if (parts.length === 0) return [extractOne(text, paras, options)];
  const index = new Map(paras.map((p, i) => [p, i]));
  const plans = parts.map((part, k) => {
    const from = index.get(part.para)! + 1;
    const to = k + 1 < parts.length ? index.get(parts[k + 1].para)! : paras.length;
    return extractOne(text, paras.slice(from, to), options, part.title, part.para.line);
  });
  // "乡人大代表小组活动计划 … 第二篇:…": a collection whose first plan has no part title of its own starts
  // with that plan, under its own title line
  const before = paras.slice(0, index.get(parts[0].para)!);
  const second = PART_NUMBER.exec(parts[0].title);
  if (before.length >= 2 && second && numeralValue(second[1]) === 2 && looksLikeTitle(text.slice(before[0].start, before[0].end))) {
    plans.unshift(extractOne(text, before.slice(1), options, text.slice(before[0].start, before[0].end), before[0].line));
  }
  return plans;
}

/** The number of a part title: "第二篇", "…篇2", "范文2". */
const PART_NUMBER = /(?:第|篇|范文)\s*(\d{1,3}|[一二三四五六七八九十]{1,3})/;

/** The items of one plan (the whole text is taken as a single plan). */
export function extractItems(text: string, options: ExtractOptions = {}): ExtractedItem[] {
  return extractOne(text, paragraphs(text), options).items;
}

/** One object per item, in document order, in the CLI's shape. */
export function toExtractJson(items: ExtractedItem[], planYear: number | null = null): ExtractJson[] {
  return items.map((it) => ({
    quote: it.quote,
    section: it.section,
    title: it.title,
    timed: it.timed,
    window: it.schedule?.window ?? null,
    deadline: it.schedule?.deadline ?? null,
    recurrence: it.schedule?.recurrence ?? null,
    times: it.schedule?.times ?? null,
    year: it.schedule?.year ?? planYear,
    confidence: it.confidence,
  }));
}

// ---------------------------------------------------------------------------------------------

interface Candidate {
  kind: 'heading' | 'paragraph' | 'enum' | 'lead';
  span: Span;
  line: number;
  section: string[];
  /** Heading title when the candidate is a heading with its body. */
  heading: string | null;
  /** The node whose section holds the candidate (for context). */
  node: OutlineNode;
  /** Mode of the text introducing an enumeration or list. */
  introMode: Mode | null;
  scope: Schedule | null;
  /** The time of a calendar-style heading above ("九月份：", "第一季度"): the item's own when it has none. */
  calendar: TimeRead | null;
  /** A month or quarter block ("九月份：" and its list): one item, its list not split. */
  block?: boolean;
  /**
   * The time the sentence it was cut from gives it, read instead of its own text: a day of the
   * monthly duty before it ("…每月…一次。并于20日前…"), one month of a list ("6月、9月和12月底").
   */
  given?: TimeRead;
  /** Cut from a directive sentence a report quotes ("要求年初的会议于3月中旬之前召开,年中的会议…"): its clauses are directives too. */
  directive?: boolean;
}

interface TimeRead {
  schedule: Schedule;
  detail: ScheduleDetail;
}

interface Ctx {
  text: string;
  parse: (text: string) => ParseOutcome;
  docMode: Mode;
  aggregate: Map<OutlineNode, Mode | null>;
  items: ExtractedItem[];
  skipped: SkippedPassage[];
  year: number | null;
  /** The first year of the school year the document is about ("2020-2021学年"), when it names one. */
  schoolYear: number | null;
  cache: Map<string, ParseOutcome>;
  tense: Map<string, TenseScore>;
  /** Paragraphs that introduce a list ("…如下:", "九月份："): never items of their own. */
  intros: Set<Para>;
  /** The month of a news item's own date line ("11月27日,正阳关镇召开了…"), which its "下月" is counted from. */
  newsMonth: number | null;
}

function hasTime(s: Schedule): boolean {
  return s.window !== null || s.deadline !== null || s.recurrence !== null;
}

/** "下月中旬", "下个月底前", "次月10日前": a part of the month after the one the text is dated in. */
const NEXT_MONTH_PART = /(?:下个?月|次月)(?=\s*(?:上旬|中旬|下旬|初|底|末|\d{1,2}\s*[日号]))/g;

function parseCached(ctx: Ctx, s: string): ParseOutcome {
  let r = ctx.cache.get(s);
  if (!r) {
    // a news item's "下月中旬" is the month after its date line (not after December: the year would move too)
    const next = ctx.newsMonth !== null && ctx.newsMonth < 12 ? `${ctx.newsMonth + 1}月` : null;
    r = ctx.parse(next && /下个?月|次月/.test(s) ? s.replace(NEXT_MONTH_PART, next) : s);
    if (ctx.cache.size > 5000) ctx.cache.clear();
    ctx.cache.set(s, r);
  }
  return r;
}

/** The longest text handed to the time parser at once. */
const MAX_READ = 4 * MAX_SENTENCE;

/** A cell naming a span of days ("3月1日-3月7日", "2月21日?2月27日" with its dash lost): a week of a calendar. */
function namesTwoDays(cell: string): boolean {
  return /\d{1,2}[日号][^日号]{1,6}\d{1,2}[日号]/.test(cell);
}

/** A sentence restating a higher level's requirement ("…,按照市纪委的要求,8月份各县要…"). */
const HIGHER_REQUIREMENT = /^[^。；;！!？?]{0,15}?(?:按照|根据|依据|遵照)[^，,。；;]{1,15}?的?(?:要求|部署|规定|安排)[，,]/;
/** The plan's own decision after it ("结合我县实际,县纪委决定…"). */
const OWN_PRACTICE = /^(?:结合|根据|立足)(?:我|本)[^，,。；;]{0,4}(?:实际|情况)/;

/** A line that names a day for a one-off ("6月29日,六年级毕业监测"). */
function isDayDated(ctx: Ctx, line: string): boolean {
  const t = timeOf(ctx, line);
  return t !== null && isDayDeadline(t.schedule);
}

/** A one-off due on a named day ("7月6日前", "2月19日、20日"), no cadence. */
function isDayDeadline(s: Schedule): boolean {
  return s.recurrence === null && s.deadline !== null && /^\d{2}-\d{2}$/.test(s.deadline);
}

function timeOf(ctx: Ctx, s: string): TimeRead | null {
  const r = parseCached(ctx, s.length > MAX_READ ? s.slice(0, MAX_READ) : s);
  return r.ok && hasTime(r.schedule) ? { schedule: r.schedule, detail: r.detail } : null;
}

/** "2024年", or the first year of a range ("2024—2026年", a three-year plan starts in its first). */
const YEAR = /((?:19|20)\d{2})\s*(?:年|[-—–~～至]\s*(?:19|20)\d{2}\s*年)/;
const SCHOOL_YEAR = /((?:19|20)\d{2})\s*(?:年\s*)?[-—–~～至]{1,2}\s*((?:19|20)\d{2})\s*(?:年\s*)?学年/;
/** "2023学年度第二学期": one year names the school year that starts in it (2023学年 = Sept 2023 – July 2024). */
const SINGLE_SCHOOL_YEAR = /(?<![\d\-—–~～至年]\s*)((?:19|20)\d{2})\s*学年/;
const SECOND_TERM = /^\s*度?\s*[（(]?\s*(?:第[二2]|下|春季?)\s*[）)]?\s*学?期/;
/** "下学年", "下一学年": a school year named only relative to the page's own date. */
const RELATIVE_SCHOOL_YEAR = /下一?学年|下一?學年/;
/** "10年2月26日": a two-digit year written before a month, the only year some school tables give. */
const SHORT_YEAR_DATE =
  /(?<![\d０-９〇○零一二三四五六七八九])(\d{2}|[〇○零一二][〇○零一二三四五六七八九])\s*年\s*([1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])\s*月/;
/** "10", "一一", "〇九": the digits of a year written one by one. */
function digitsValue(s: string): number {
  return Number([...s].map((c) => (/\d/.test(c) ? c : String(Math.max(0, '零一二三四五六七八九'.indexOf(c.replace(/[〇○]/, '零')))))).join(''));
}

/** A school calendar or term plan: its two-digit year dates one month of a school year (Aug–Jul). */
const TERM_DOCUMENT = /学期|學期|学年|學年|校历|校曆|行事历|行事曆/;
const FIRST_TERM = /上学期|上學期|第一学期|第一學期|秋季学期|秋季學期/;

/**
 * The year an item without one of its own belongs to: the plan's, moved by "明年"/"次年", and in a
 * school-year document ("2022—2023学年") the earlier year for August–December, the later for
 * January–July.
 */
function yearOf(ctx: Ctx, schedule: Schedule, detail: ScheduleDetail | null): number | null {
  if (schedule.year !== null && schedule.year !== undefined) return schedule.year;
  if (ctx.year === null) return null;
  const offset = detail?.yearOffset ?? 0;
  if (ctx.schoolYear !== null && offset === 0) {
    const month = Number((schedule.window?.start ?? schedule.deadline ?? '').slice(0, 2));
    if (month >= 1 && month <= 12) return month >= 8 ? ctx.schoolYear : ctx.schoolYear + 1;
  }
  return ctx.year + offset;
}

function extractOne(text: string, paras: Para[], options: ExtractOptions, partTitle?: string, partLine?: number): ExtractedPlan {
  const parse = options.parse ?? parseSchedule;
  let body = paras;
  let title = partTitle ?? null;
  let line = partLine ?? paras[0]?.line ?? 1;
  if (
    !partTitle &&
    paras.length > 1 &&
    looksLikeTitle(text.slice(paras[0].start, paras[0].end)) &&
    !isPublicationLine(text.slice(paras[0].start, paras[0].end))
  ) {
    title = text.slice(paras[0].start, paras[0].end);
    line = paras[0].line;
    body = paras.slice(1);
  }
  // a news page's headline stands on the line above its 发布日期 line: the page's title, not an item
  if (title === null && !partTitle) {
    const k = body
      .slice(0, 12)
      .findIndex(
        (p, i) =>
          i + 1 < body.length &&
          PUBLISHED_LINE.test(text.slice(body[i + 1].start, body[i + 1].end)) &&
          p.end - p.start <= 40 &&
          !isPublicationLine(text.slice(p.start, p.end)) &&
          !isPageFurniture(text.slice(p.start, p.end)),
      );
    if (k >= 0) {
      title = text.slice(body[k].start, body[k].end).trim();
      line = body[k].line;
      body = body.filter((_, i) => i !== k);
    }
  }
  if (title === null) title = documentTitle(text, paras);
  // Tables are read row by row (tables.ts); the rest of the text is read as an outline.
  // a table flattened one cell per line is rebuilt first; its lines are not read again
  const flattened = findFlattenedTables(text, body);
  const flatParas = new Set(flattened.flatMap((t) => t.paras));
  const tables = [...flattened, ...findTables(text, flattened.length ? body.filter((p) => !flatParas.has(p)) : body)];
  if (tables.length) {
    const inTable = new Set(tables.flatMap((t) => t.paras));
    body = body.filter((p) => !inTable.has(p));
  }
  // a school calendar flattened one cell per line: its notes are read with the month of their week
  const grids = findCalendarGrids(text, body);
  if (grids.length) {
    const inGrid = new Set(grids.flatMap((g) => g.paras));
    body = body.filter((p) => !inGrid.has(p));
  }
  const root = buildOutline(text, body);
  const preambleParas = root.children.length > 0 ? root.body : body.filter((p) => isPreambleLike(text.slice(p.start, p.end)));
  const preamble = preambleParas.map((p) => text.slice(p.start, p.end)).join('\n');

  const ctx: Ctx = {
    text,
    parse,
    docMode: 'plan',
    aggregate: new Map(),
    items: [],
    skipped: [],
    year: null,
    schoolYear: null,
    cache: new Map(),
    tense: new Map(),
    intros: new Set(),
    newsMonth: newsMonthOf(text, body),
  };
  gatherIntros(root, ctx.intros);
  const tally = aggregateModes(text, root, ctx.aggregate, ctx.tense);
  ctx.docMode = preambleMode(preamble) ?? (tally.past > 1.5 * tally.future && tally.past >= 3 ? 'report' : 'plan');

  // Year and scope from the title and the preamble's sentences that speak of the plan itself.
  let scope: Schedule | null = null;
  const yearSource = [title ?? '', ...preamble.split(/[。！？!?；;\n]/).filter((s) => /计划|打算|安排|要点|工作/.test(s))];
  let yearFromTitle = false;
  for (const s of yearSource) {
    const y = YEAR.exec(s);
    if (y && ctx.year === null) {
      ctx.year = Number(y[1]);
      yearFromTitle = s === yearSource[0];
    }
    if (/计划|打算|安排|要点/.test(s) && !scope) {
      const t = timeOf(ctx, s);
      if (t && t.schedule.window) scope = { ...t.schedule, year: t.schedule.year ?? null };
    }
  }
  // "2020-2021学年第二学期": the plan is the later year's (its months are Feb–Jul); a first
  // semester, or the whole school year, is the earlier one's. Months before August then fall in the
  // later year (yearOf).
  // the title line a calendar's page starts with ("2023学年度第二学期幼儿园行事历") may sit under site furniture
  const topLines = paras
    .slice(0, 12)
    .map((p) => text.slice(p.start, p.end))
    .filter((l) => l.length <= 80 && /学年|學年/.test(l));
  for (const s of [...yearSource.slice(0, 3), ...topLines]) {
    const sy = SCHOOL_YEAR.exec(s);
    const one = sy ? null : SINGLE_SCHOOL_YEAR.exec(s);
    const first = sy ? Number(sy[1]) : one ? Number(one[1]) : null;
    if (first === null || (sy && Number(sy[2]) !== first + 1)) continue;
    const m = (sy ?? one)!;
    ctx.schoolYear = first;
    ctx.year = SECOND_TERM.test(s.slice(m.index + m[0].length, m.index + m[0].length + 12)) ? first + 1 : first;
    break;
  }
  if (ctx.year === null) {
    const y = YEAR.exec(preamble);
    if (y && /计划|打算|安排/.test(preamble)) ctx.year = Number(y[1]);
  }
  if (ctx.year === null && !partTitle && paras.length) {
    const body = text.slice(paras[0].start, paras[paras.length - 1].end);
    // a plan for "下学年" that names no school year: its months fall in years the page does not say
    // (the year it names elsewhere is when it was written)
    if (ctx.schoolYear === null && !RELATIVE_SCHOOL_YEAR.test(body)) {
      ctx.year = mostNamedYear(body);
      // "2014年12月31日到2015年1月10日…请各位老师在12月19日前交到教科办": a document whose dates run from the
      // end of one year into the next (an exam season, a winter break) is read like a school year: its
      // undated autumn months are the earlier year's, its winter and spring ones the later's
      if (ctx.year !== null && crossesIntoYear(body, ctx.year)) ctx.schoolYear = ctx.year - 1;
    }
  }
  // a document that names no full year may still write a date with a two-digit one ("10年2月26日")
  if (ctx.year === null && !partTitle && paras.length) {
    const body = text.slice(paras[0].start, paras[paras.length - 1].end);
    const y = SHORT_YEAR_DATE.exec(body);
    if (y) {
      const year = 2000 + digitsValue(y[1]);
      const month = numeralValue(y[2]);
      ctx.year = year;
      // "小学上学期安全工作行事历 … 一一年一月": January 2011 is in the school year 2010–2011, so
      // September–December are 2010 (yearOf), and a first term's plan is of 2010
      if (TERM_DOCUMENT.test(body)) {
        ctx.schoolYear = month >= 8 ? year : year - 1;
        if (FIRST_TERM.test(body)) ctx.year = ctx.schoolYear;
      }
    }
  }

  const candidates: Candidate[] = [];
  // A document that starts without a heading loses nothing: a paragraph before the first heading
  // that carries its own time ("每个月开展一次主题党日活动。") is a candidate, unless it speaks of
  // the plan itself ("为…,特制定本计划", "现将…通知如下").
  if (root.children.length > 0)
    for (const p of root.body) {
      const str = text.slice(p.start, p.end);
      // "根据…安排,本学期期末考试时间为2026年1月12-18日,具体要求通知如下": the notice's own event, dated in its preamble
      const statesEvent = EVENT_TIME.test(str) && !isPageFurniture(str);
      if (!statesEvent && (isPreambleLike(str) || SPEAKS_OF_PLAN.test(str) || /^(为|根据|按照|依据)/.test(str) || isPageFurniture(str))) {
        if (!isPageFurniture(str)) candidates.push(...preambleDuties(ctx, root, p, scope));
        continue;
      }
      if (!timeOf(ctx, str)) continue;
      candidates.push({ kind: 'paragraph', span: p, line: p.line, section: [], heading: null, node: root, introMode: null, scope, calendar: null });
    }
  if (root.children.length === 0) {
    for (const p of body) {
      if (preambleParas.includes(p) || isPageFurniture(text.slice(p.start, p.end))) continue;
      candidates.push({ kind: 'paragraph', span: p, line: p.line, section: [], heading: null, node: root, introMode: null, scope, calendar: null });
    }
  } else {
    // month blocks ("四月主题：安全伴我行" over a numbered list) at the top level as under a heading
    collectChildren(ctx, root.children, candidates, scope, null, (block, span) => {
      // the label was already taken as a paragraph before the first heading: the block replaces it
      const dup = candidates.findIndex((c) => c.kind === 'paragraph' && c.node === root && c.span.start === block.intro.start);
      if (dup >= 0) candidates.splice(dup, 1);
      return {
        kind: 'heading',
        span,
        line: block.intro.line,
        section: [],
        heading: block.label,
        node: root,
        introMode: null,
        scope,
        calendar: block.time,
        block: true,
      };
    });
    for (const p of root.trailing)
      candidates.push({
        kind: ctx.intros.has(p) ? 'lead' : 'paragraph',
        span: p,
        line: p.line,
        section: [],
        heading: null,
        node: root,
        introMode: null,
        scope,
        calendar: null,
      });
  }
  datedByCellAbove(ctx, body, candidates);
  for (const c of candidates) expand(ctx, c);
  for (const t of tables) readTable(ctx, t, scope);
  for (const g of grids) readCalendarGrid(ctx, g);
  ctx.items.sort((a, b) => a.start - b.start);
  ctx.skipped.sort((a, b) => a.line - b.line);

  const reported = ctx.skipped.filter((s) => s.reason === 'report').length;
  const kept = ctx.items.length;
  const mode: ExtractedPlan['mode'] =
    kept + reported === 0 ? 'plan' : reported / (kept + reported) >= 0.8 ? 'report' : reported / (kept + reported) <= 0.2 ? 'plan' : 'mixed';
  joinRecords(ctx);
  dropRestatedTimes(ctx);
  // a plan for "下学年" falls in years its page does not say (its signature is when it was written)
  if (!yearFromTitle && paras.length && !RELATIVE_SCHOOL_YEAR.test(text.slice(paras[0].start, paras[paras.length - 1].end))) datesBySignature(ctx, paras);
  return { title, line, year: ctx.year, mode, scope, items: ctx.items, skipped: ctx.skipped };
}

/** A line that is only a date, maybe after the issuer's name: "教务处 2006年5月16日", "2020.4.17". */
const SIGNATURE_DATE = /^[\u4e00-\u9fff（）()\s]{0,24}?((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[.．/-](\d{1,2})[.．/-](\d{1,2}))\s*$/;

/**
 * A notice is dated by the line that signs it, and what it announces without a year falls after
 * that day: "6月12日" in a notice signed 2006年5月16日 is June 2006, "1月2日" under 2007年12月24日 is
 * January 2008. Used when the title names no year; in a collection of notices each takes the
 * date of its own signature (the first one after it).
 */
function datesBySignature(ctx: Ctx, paras: Para[]): void {
  const signatures: Array<{ line: number; year: number; month: number }> = [];
  for (const p of paras) {
    if (p.end - p.start > 40) continue;
    const m = SIGNATURE_DATE.exec(ctx.text.slice(p.start, p.end));
    if (m) signatures.push({ line: p.line, year: Number(m[1]), month: Number(m[2] ?? m[4]) });
  }
  if (signatures.length === 0) return;
  let k = 0;
  for (const item of ctx.items) {
    if (!item.timed || !item.schedule) continue;
    while (k < signatures.length && signatures[k].line < item.line) k++;
    if (k >= signatures.length) break;
    const detail = item.scheduleDetail;
    if (detail?.yearOffset || detail?.matched.some((x) => /(?:19|20)\d{2}|\d{2}\s*年/.test(x))) continue;
    const month = Number((item.schedule.window?.start ?? item.schedule.deadline ?? '').slice(0, 2));
    if (!(month >= 1 && month <= 12) || item.schedule.recurrence) continue;
    const sig = signatures[k];
    item.schedule = { ...item.schedule, year: month < sig.month - 3 ? sig.year + 1 : sig.year };
  }
}

/** Years as written in a document: "2013年", "2013年度", "2017-05-27"; not "2003年以来" (background) nor "20xx年". */
const NAMED_YEAR = /(?<![\d.])((?:19|20)\d{2})(?:\s*年(?!\s*(?:以来|以前|之前|前|至今|起至今))|-\d{1,2}-\d{1,2}(?!\d|\s*(?:T|\s)\s*\d{1,2}:\d{2}))/g;

/**
 * The year a plan without a dated title or preamble is about: the year its text names most often
 * (the later one on a tie), which for news items and notices is also the year of their date line.
 */
const YEAR_OF_STAGE = /(?:19|20)\d{2}\s*年度?\s*(?:为|為|是|进入|進入)?[^，,。；;、\d年月]{0,10}(?:阶段|階段)(?!性)/g;

function mostNamedYear(text: string): number | null {
  // a template ("20xx年", "20**年") names its real years only as background
  if (/(?:20|[xX*×])[xX*×]{1,2}\s*年|(?<![A-Za-z])[xX]{2}\s*年/.test(text)) return null;
  const counts = new Map<number, number>();
  // a document-sharing site's upload line ("时间:2017-07-01 策划书 我要投稿", "发布:2016-12-13…下载文档")
  // and years inside a name or theme ("“办好2010年中国上海世博会…”") do not say which year the plan
  // is for; a news page's own 发布日期 does
  const named = text
    .split('\n')
    .filter((l) => !(isPublicationLine(l) || /^\s*(?:时间|发布)[:：]/.test(l)) || !/投稿|下载|上传|共\s*\d+\s*页|千字|文档/.test(l))
    .join('\n')
    .replace(/“[^”\n]{0,80}”|"[^"\n]{0,80}"|(?:主题|名称)[:：][^\n]*/g, '')
    // the years of a several-year plan's stages ("2021年为集中攻坚阶段,2022年巩固提升阶段") are its items' own
    .replace(YEAR_OF_STAGE, '');
  for (const m of named.matchAll(NAMED_YEAR)) {
    const y = Number(m[1]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [y, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && y > best)) best = y;
  return best;
}

/** The text writes a date late in the year before `year` and one early in `year` ("2014年12月31日到2015年1月10日"). */
function crossesIntoYear(text: string, year: number): boolean {
  const late = new RegExp(`(?<!\\d)${year - 1}\\s*年\\s*(?:1[0-2]|[89])\\s*月`);
  const early = new RegExp(`(?<!\\d)${year}\\s*年\\s*[1-3]\\s*月`);
  return late.test(text) && early.test(text) && !new RegExp(`(?<!\\d)${year}\\s*年\\s*(?:1[0-2]|[89])\\s*月`).test(text);
}

/**
 * What a web page or file listing puts around a document: publication lines ("发布日期：…",
 * "2026-01-28 发布于四川", "浏览次数"), breadcrumbs ("当前位置 首页 >> …"), file names, the
 * document's own title repeated. Never items.
 */
export function isPageFurniture(p: string): boolean {
  return isPublicationLine(p) || (looksLikeTitle(p) && p.length <= 40 && !/[，,。；;:：]/.test(p));
}

/** A web page's or file listing's line: publication data, breadcrumbs, a file name, an adoption note. */
export function isPublicationLine(p: string): boolean {
  if (
    /\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}|^时间[:：]\s*\d{4}|发布(日期|时间|于)|浏览(次数|量)|阅读(次数|量)|点击(数|量|率)|字号[:：〖【]|来源[:：]|当前位置|>>|首页\s*[>›»]|分享到|打印本页|关闭窗口/.test(
      p,
    )
  )
    return true;
  if (/\.(docx?|pdf|wps|txt)\s*$/i.test(p)) return true;
  // "(2013年7月31日…常委会议通过)": when a document was adopted
  return /^[（(][^()（）]{4,80}(通过|印发|修订|施行)[)）]$/.test(p.trim());
}

function isDatedEntry(line: string, t: TimeRead): boolean {
  const d = t.schedule.deadline;
  const first = t.detail.matched[0];
  if (!d || d.endsWith('end') || !first) return false;
  const at = line.indexOf(first);
  const rest = line.slice(at + first.length).replace(/[\s(（][一二三四五六日天][)）]|[\s:：,，、.。|]/g, '');
  return /^[\d\s]*$/.test(line.slice(0, at)) && /[\u4e00-\u9fff]{2,}/.test(rest);
}

const NAMED_PLAN = /《([^《》]{2,60}?(?:计划|計劃|計畫|方案|要点|安排|规划|意见|通知|细则|行事历|行事曆))》/;

/**
 * The title of a document whose first line is not one: a title line among the first lines (after a
 * web page's furniture), or the plan the preamble names (“…特制定《2024年安全生产工作要点》”).
 */
function documentTitle(text: string, paras: Para[]): string | null {
  for (const p of paras.slice(0, 8)) {
    const line = text.slice(p.start, p.end).trim();
    if (looksLikeTitle(line) && !/[，,。；;]/.test(line) && !/\.(docx?|pdf|wps|txt)$/i.test(line) && !/发布|浏览|>>/.test(line))
      return line.replace(/^[#*\s]+|[#*\s]+$/g, '');
  }
  for (const p of paras.slice(0, 12)) {
    const m = NAMED_PLAN.exec(text.slice(p.start, p.end));
    if (m) return m[1];
  }
  return null;
}

const PUBLISHED_LINE = /^\s*(?:发布|發布|发表|發表)(?:日期|时间|時間)\s*[:：]\s*(?:19|20)\d{2}/;

/** A paragraph about the plan itself: "…将第四季度工作计划如下", "本方案", "特制定". */
const SPEAKS_OF_PLAN = /如下|本计划|本方案|本要点|特制定|特制订|制定.{0,20}(计划|方案|要点|安排)|(计划|方案|安排)[。.]?$/;

/** A duty that sets its own deadline or cadence: "应在12月25日前做好…", "于3月15日前报…备案", "每季度报送一次…". */
const OWN_DUTY =
  /(?:应|须|需|要|请|并|于|在)[^。；;]{0,12}\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:前|之前|以前)|(?:将|定|拟)于\s*(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月|于\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^。；;，,]{0,8}召开|每(?:周|月|季度?|半年|年)[^。；;]{0,12}(?:一|两|二|三|\d)\s*次/;

/**
 * The sentences of a preamble that speaks of the plan itself ("现将《…方案》印发你们…", "根据…安排…如下")
 * which still set a duty of their own: a dated deadline or a cadence. The rest of it is no item.
 */
function preambleDuties(ctx: Ctx, root: OutlineNode, p: Para, scope: Schedule | null): Candidate[] {
  const out: Candidate[] = [];
  for (const s of sentences(ctx.text, p)) {
    const str = ctx.text.slice(s.start, s.end);
    // "根据…安排,学院将于12月底…验收": the 根据 clause is the circumstance, the duty follows it
    if (!OWN_DUTY.test(str) || /如下|本计划|本方案|本要点|特制[定订]/.test(str) || (/^(为|根据|按照|依据)/.test(str) && !/[，,]/.test(str))) continue;
    const t = timeOf(ctx, str);
    if (!t || !(t.schedule.deadline || t.schedule.recurrence)) continue;
    out.push({
      kind: 'paragraph',
      span: s,
      line: p.line + countNewlines(ctx.text, p.start, s.start),
      section: [],
      heading: null,
      node: root,
      introMode: null,
      scope,
      calendar: null,
    });
  }
  return out;
}

function isPreambleLike(p: string): boolean {
  return /特制定|制定(如下|本)|计划如下|安排如下|现将.{0,30}如下/.test(p);
}

/** Past/future votes of every node's sentences, its descendants' included; a decisive majority sets the node's mode. */
function aggregateModes(text: string, node: OutlineNode, out: Map<OutlineNode, Mode | null>, tense: Map<string, TenseScore>): { past: number; future: number } {
  let past = 0;
  let future = 0;
  const spans: Span[] = [...node.body, ...node.trailing];
  if (node.content) spans.push(node.content);
  for (const span of spans) {
    for (const s of sentences(text, span)) {
      const t = tenseOf(tenseScore(text.slice(s.start, s.end), tense));
      if (t === 'past') past++;
      else if (t === 'future') future++;
    }
  }
  for (const child of node.children) {
    const sub = aggregateModes(text, child, out, tense);
    past += sub.past;
    future += sub.future;
  }
  out.set(node, past >= 2 && past > 1.5 * future ? 'report' : future >= 2 && future > 1.5 * past ? 'plan' : null);
  return { past, future };
}

/** Turns the outline below a heading into candidates. */
function collect(ctx: Ctx, node: OutlineNode, out: Candidate[], inherited: Schedule | null, inheritedCalendar: TimeRead | null): void {
  const { text } = ctx;
  const path = sectionPath(node.parent);
  // A heading's own time scopes what is under it; a one-line item's time is read with the item.
  const isSection = node.children.length > 0 || (node.titleOnly && node.body.length > 0);
  const headingTime = isSection ? timeOf(ctx, node.title) : null;
  const scope = headingTime?.schedule.window ? headingTime.schedule : inherited;
  // A heading or list intro that is nothing but a time ("九月份：") dates what is under it.
  const introText = node.listIntro ? text.slice(node.listIntro.start, node.listIntro.end) : null;
  const introTime = introText ? timeOf(ctx, introText) : null;
  let calendar = inheritedCalendar;
  if (introTime && isPureTime(introText!, introTime.detail)) calendar = introTime;
  // "2023年02月22日" on a line of its own over the plan's 一、二、 sections is the page's date, not a day they fall on
  const dateLine = node.type === 'label' && FULL_DATE_LINE.test(node.title) && node.children.some((c) => c.type === 'cn' || c.type === 'chapter');
  const ownCalendar = headingTime && !dateLine && isPureTime(node.title, headingTime.detail) ? headingTime : null;
  const introM = introText ? introMode(introText) : null;
  const base = { node, introMode: introM, calendar };
  const below = ownCalendar ?? calendar;

  // "七、7-8月开展暑期活动" over "1、少儿歌唱赛 2、小型运动会": a dated task heading over tasks without a
  // time of their own is one block item, what it lists being what it holds
  if (node.children.length > 0 && headingTime && node.content && isTaskBlock(ctx, node, headingTime)) {
    const last = node.children[node.children.length - 1];
    out.push({
      ...base,
      kind: 'heading',
      span: { start: node.content.start, end: nodeEnd(last) },
      line: node.para!.line,
      section: path,
      heading: null,
      scope: inherited,
      block: true,
    });
    return;
  }
  if (node.children.length > 0) {
    // Whatever the heading line says after its title, and the paragraphs before the first child,
    // introduce the children.
    const leadSpans: Span[] = [];
    if (node.content && !node.titleOnly) {
      const first = sentences(text, node.content)[0];
      if (first && first.end < node.content.end) leadSpans.push(trimSpan(text, { start: first.end, end: node.content.end }));
    }
    leadSpans.push(...node.body);
    // "3、9月份开展敬老活动。" followed by the signature's unnumbered lines ("社区居委会", "2023年12月20日"),
    // which the outline hangs under it: the numbered line is still an item of its own
    if (
      node.content &&
      node.titleOnly &&
      node.body.length === 0 &&
      node.type !== 'cn' &&
      node.type !== 'chapter' &&
      node.type !== 'label' &&
      (node.children.every((ch) => ch.type === 'label' && ch.children.length === 0) ||
        // "3、6月29日,六年级毕业监测,…" with the notice's labelled sections hung under it ("温馨提示" over its
        // own points): a numbered line dated to the day is an item whatever the labels hold
        (node.children.every((ch) => ch.type === 'label') && isDayDated(ctx, text.slice(node.content.start, node.content.end))))
    )
      out.push({ ...base, kind: 'heading', span: node.content, line: node.para!.line, section: path, heading: null, scope: inherited });
    // "1、每季度开展一次代表小组活动。" over its rounds ("(1)3月中旬主要组织…"): a numbered line that is itself a
    // duty with a cadence and a count is an item, as well as the rounds under it
    else if (
      node.content &&
      node.titleOnly &&
      node.body.length === 0 &&
      node.type !== 'cn' &&
      node.type !== 'chapter' &&
      node.type !== 'label' &&
      headingTime?.schedule.recurrence &&
      headingTime.schedule.times !== null &&
      HABIT.test(text.slice(node.content.start, node.content.end))
    )
      out.push({ ...base, kind: 'heading', span: node.content, line: node.para!.line, section: path, heading: null, scope: inherited });
    // "(五)总结考核阶段(10月1日至11月10日)。…" with sections under it: the dated stage is an item itself
    if (node.content && STAGE_LABEL.test(node.title) && headingTime?.schedule.window && headingTime.schedule.deadline) {
      const first = sentences(text, node.content)[0];
      if (first) out.push({ ...base, kind: 'paragraph', span: first, line: node.para!.line, section: path, heading: null, scope: inherited });
    }
    let childScope = scope;
    for (const span of leadSpans) {
      const p = ctx.text.slice(span.start, span.end);
      const t = timeOf(ctx, p);
      if (t?.schedule.window && !t.schedule.recurrence && !t.schedule.deadline && tenseOf(tenseScore(p)) !== 'past') childScope = t.schedule;
      out.push({ ...base, kind: 'lead', span, line: lineAt(ctx, span, node), section: [...path, node.title], heading: null, scope, calendar: below });
    }
    // "九月份：" or "四月主题：安全伴我行" over a list whose tasks have no time of their own: one item
    // for the month, the list being what it holds
    collectChildren(ctx, node.children, out, childScope, below, (block, span) => ({
      ...base,
      kind: 'heading',
      span,
      line: block.intro.line,
      section: [...path, node.title],
      heading: block.label,
      scope: childScope,
      calendar: block.time,
      block: true,
    }));
    for (const p of node.trailing)
      out.push({
        ...base,
        kind: ctx.intros.has(p) ? 'lead' : 'paragraph',
        span: p,
        line: p.line,
        section: [...path, node.title],
        heading: null,
        scope,
        calendar: below,
      });
    return;
  }
  if (!node.content || node.content.end <= node.content.start) return;
  // "(一)准备阶段(2月20日-2月28日)" over the paragraphs of what is done in it: the stage is the item
  const stageTime = node.titleOnly && node.body.length >= 2 && STAGE_LABEL.test(node.title) ? timeOf(ctx, node.title) : null;
  if (stageTime && stageTime.schedule.window && stageTime.schedule.deadline) {
    const end = node.body[node.body.length - 1].end;
    out.push({ ...base, kind: 'heading', span: { start: node.content.start, end }, line: node.para!.line, section: path, heading: null, scope });
    return;
  }
  if (node.titleOnly && node.body.length >= 2) {
    for (const p of node.body)
      out.push({ ...base, kind: 'paragraph', span: p, line: p.line, section: [...path, node.title], heading: null, scope, calendar: below });
    return;
  }
  // "六、6-7月继续开展读书月活动": a numbered line that carries its own time is an item, not a heading
  const contentText = text.slice(node.content.start, node.content.end);
  let ownTime = node.titleOnly && node.body.length === 0 && !isTimeLabel(contentText) && !isPageFurniture(contentText) ? timeOf(ctx, contentText) : null;
  // an unnumbered short line is an item only when it opens with a day and names what happens
  // ("2/22校园安全演练", "3月5日学雷锋活动"); a bare date line is a notice's date, "第一季度：…" a block title
  // …unless it is the value of the time field above it ("二、活动时间" / "2020年4月—5月"): the notice's event
  if (ownTime && node.type === 'label' && !isDatedEntry(contentText, ownTime) && !isTimeFieldValue(ctx, node, contentText, ownTime)) ownTime = null;
  if (node.titleOnly && node.body.length === 0 && !ownTime && (node.type === 'cn' || node.type === 'chapter' || node.type === 'label')) {
    if (isPageFurniture(node.title)) return;
    ctx.skipped.push({
      quote: text.slice(node.content.start, node.content.end),
      section: path,
      line: node.para!.line,
      reason: 'empty-heading',
      timeText: null,
    });
    return;
  }
  // "1. 第一季度:迎新与动员" over lines dated inside that quarter ("时间:1月上旬"): the title of a block, not an item
  if (node.titleOnly && node.body.length === 0) {
    const t = ownTime ?? timeOf(ctx, contentText);
    if (t && isBlockTitle(ctx, node, contentText, t)) {
      ctx.skipped.push({ quote: contentText, section: path, line: node.para!.line, reason: 'empty-heading', timeText: t.detail.matched.join('') });
      return;
    }
  }
  const end = node.body.length ? node.body[node.body.length - 1].end : node.content.end;
  out.push({
    ...base,
    kind: 'heading',
    span: { start: node.content.start, end },
    line: node.para!.line,
    section: path,
    heading: node.titleOnly && node.body.length > 0 ? node.title : null,
    scope,
  });
}

/** "活动时间", "比赛时间：", "時間": a heading that names a time field and nothing else. */
const TIME_FIELD_HEADING = /^[\u4e00-\u9fff]{0,6}(?:时间|時間|日期)\s*[:：]?\s*$/;

/**
 * "二、活动时间" over a line "2020年4月—5月" (or "2020年3月24日"): the line alone is the field's value,
 * the time of the event the notice is about, not a page's date.
 */
function isTimeFieldValue(ctx: Ctx, node: OutlineNode, line: string, t: TimeRead): boolean {
  const parent = node.parent;
  if (!parent || parent.type === 'root' || parent.children[0] !== node || parent.body.length > 0) return false;
  if (!TIME_FIELD_HEADING.test(parent.title) || !saysOnlyTime(line, t.detail)) return false;
  return !t.schedule.recurrence && (!!t.schedule.window || !!t.schedule.deadline) && ctx.text.length > 0;
}

const FULL_DATE_LINE = /^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$/;

/** A preamble that dates the event it announces: "…时间为2026年1月12-18日", "…定于3月5日举行". */
const EVENT_TIME = /(?:时间为|時間為|定于|定於)\s*(?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月/;

/** A stage of a campaign named with its dates: "准备阶段(2月20日-2月28日)", "第一阶段(准备阶段)10月19日—10月22日". */
const STAGE_LABEL = /^[^，,。；;]{0,12}(?:阶段|階段)\s*(?:[（(][^）)]{0,12}[)）])?\s*[（(]?[^，,。；;（()）]{2,30}[)）]?\s*$/;

/** A time and a short theme after a colon, nothing more: "第二季度：文体与健康", "三月：文明礼仪月". */
const TIME_THEME = /^[^，,。；;：:]{1,14}[:：]\s*[^，,。；;：:\d]{1,12}$/;

/**
 * A numbered line that only names a period and its theme, followed (before the next sibling) by
 * lines dated inside that period, is the title of a block whose dated lines are the items.
 */
function isBlockTitle(ctx: Ctx, node: OutlineNode, line: string, own: TimeRead): boolean {
  const w = own.schedule.window;
  if (!w || own.schedule.deadline || own.schedule.recurrence || w.start === w.end || !TIME_THEME.test(line.trim())) return false;
  const label = line.slice(0, line.search(/[:：]/));
  if (!own.detail.matched.every((m) => label.includes(m))) return false;
  const siblings = node.parent?.children ?? [];
  const next = siblings[siblings.indexOf(node) + 1];
  const from = nodeEnd(node);
  const to = Math.min(next?.para?.start ?? ctx.text.length, from + 1500);
  let inside = 0;
  for (const l of ctx.text.slice(from, to).split('\n')) {
    if (!/\d|[一二三四五六七八九十]\s*月/.test(l)) continue;
    const t = timeOf(ctx, l);
    if (!t || t.schedule.recurrence) continue;
    const month = (t.schedule.window?.start ?? t.schedule.deadline ?? '').slice(0, 2);
    if (month && withinWindow(t.schedule, w)) inside++;
    else return false;
  }
  return inside > 0;
}

/**
 * A heading that names a task with its time ("7-8月开展暑期离校不离教活动", "9月开展文化周活动:"), not a
 * time alone, over numbered leaf tasks none of which has a time of its own.
 */
function isTaskBlock(ctx: Ctx, node: OutlineNode, time: TimeRead): boolean {
  const s = time.schedule;
  if ((!s.window && !s.deadline) || s.recurrence || isPureTime(node.title, time.detail) || isTimeLabel(node.title) || STAGE_LABEL.test(node.title))
    return false;
  if (node.body.length > 0 || !/开展|举办|举行|组织|评选|召开|完成|进行/.test(node.title)) return false;
  return node.children.every(
    (c) => c.children.length === 0 && c.type !== 'label' && c.content !== null && !timeOf(ctx, ctx.text.slice(c.content.start, nodeEnd(c))),
  );
}

/** Where a leaf node's text ends (its body included). */
function nodeEnd(n: OutlineNode): number {
  return n.body.length ? n.body[n.body.length - 1].end : (n.content?.end ?? n.para?.end ?? 0);
}

const BLOCK_LABEL = /^\s*(?:主题|工作重点|重点工作|活动主题|教育主题|重点)?\s*[:：]/;

/**
 * The siblings from `from` that a calendar label introduces ("九月份：", "四月主题：安全伴我行"),
 * when none of them is a section or carries a time of its own; null otherwise.
 */
/**
 * An outline node's children: each run that `calendarBlock` finds (a month or quarter label over a list) becomes the
 * one candidate `blockItem` makes of it; every other child is collected as usual.
 */
function collectChildren(
  ctx: Ctx,
  children: OutlineNode[],
  out: Candidate[],
  scope: Schedule | null,
  calendar: TimeRead | null,
  blockItem: (block: CalendarBlock, span: { start: number; end: number }) => Candidate,
): void {
  for (let i = 0; i < children.length;) {
    const block = calendarBlock(ctx, children, i);
    if (!block) {
      collect(ctx, children[i], out, scope, calendar);
      i++;
      continue;
    }
    out.push(blockItem(block, { start: block.intro.start, end: nodeEnd(children[block.end - 1]) }));
    i = block.end;
  }
}

type CalendarBlock = { intro: Para; label: string; time: TimeRead; end: number };

function calendarBlock(ctx: Ctx, children: OutlineNode[], from: number): CalendarBlock | null {
  const intro = children[from].listIntro;
  if (!intro) return null;
  const label = stripEndPunct(ctx.text.slice(intro.start, intro.end).trim());
  if (label.length > 30) return null;
  const time = timeOf(ctx, label);
  if (!time || !time.schedule.window || time.schedule.recurrence || time.schedule.deadline) return null;
  let rest = label;
  for (const m of time.detail.matched) rest = rest.split(m).join('');
  rest = rest.replace(/^\s*份/, '');
  if (!isPureTime(label, time.detail) && !BLOCK_LABEL.test(rest)) return null;
  let end = from;
  while (end < children.length && children[end].listIntro === intro) {
    const c = children[end];
    if (c.children.length > 0 || !c.content) return null;
    // a task's own time breaks the block, unless it only names a day of the block's months (清明节 in 四月)
    const own = timeOf(ctx, ctx.text.slice(c.content.start, nodeEnd(c)));
    if (own && !withinWindow(own.schedule, time.schedule.window)) return null;
    end++;
  }
  return end - from >= 2 ? { intro, label, time, end } : null;
}

function withinWindow(s: Schedule, w: NonNullable<Schedule['window']>): boolean {
  if (s.recurrence || w.end < w.start) return false;
  const months = [s.window?.start, s.window?.end, s.deadline?.slice(0, 2)].filter((m): m is string => !!m);
  return months.length > 0 && months.every((m) => m >= w.start && m <= w.end);
}

const TIME_FIELD_LINE = /^[\s\-—*·•]*(?:活动)?(?:时间|日期)\s*[:：]/;
const NAME_FIELD_LINE = /^[\s\-—*·•]*(?:活动|项目|会议)?(?:名称|主题)\s*[:：]\s*(\S.*)$/;

/**
 * Activity records written as fields ("活动名称：春季运动会" / "时间：4月中旬" / what is done): the
 * timed "时间：" line is the record's item, named by the 名称 line above it, which it takes in.
 */
function joinRecords(ctx: Ctx): void {
  const { text } = ctx;
  for (const item of ctx.items) {
    if (!item.timed || item.tableRow || !TIME_FIELD_LINE.test(item.quote)) continue;
    const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
    if (text.slice(lineStart, item.start).trim() !== '' && !/^[\s\-—*·•]*$/.test(text.slice(lineStart, item.start))) continue;
    // the nearest non-blank line above
    let end = lineStart - 1;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const name = NAME_FIELD_LINE.exec(text.slice(start, end));
    if (!name) continue;
    const from = start + (/^[\s\-—*·•]*/.exec(text.slice(start, end))?.[0].length ?? 0);
    ctx.items = ctx.items.filter((o) => o === item || o.end <= from || o.start >= item.start);
    item.quote = text.slice(from, item.end);
    item.title = makeTitle(name[1], null);
    item.start = from;
    item.line -= countNewlines(text, from, lineStart);
  }
}

/** "一、论坛时间:6月下旬(周四、五两天)", "收看时间 2020年6月1日20:00": a line that is a time field and nothing else. */
const TIME_FIELD_ONLY =
  /^[\s\-—*·•]*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d))?\s*[\u4e00-\u9fff]{0,4}(?:时间|時間|日期)\s*[:：]?\s*/;

/**
 * An annex or attached sheet restates the time of an item already read ("江浙沪知联会拟于6月下旬…举办
 * …论坛" and then "附件 … 一、论坛时间:6月下旬(周四、五两天)"): a time-field line that says nothing but a
 * time an earlier item of the plan already has is that item again, not a second one.
 */
function dropRestatedTimes(ctx: Ctx): void {
  const seen = new Set<string>();
  const restated = new Set<ExtractedItem>();
  for (const item of ctx.items) {
    if (!item.timed || !item.schedule) continue;
    const key = timeKey(item.schedule);
    const field = TIME_FIELD_ONLY.exec(item.quote) ?? (TIME_FIELD_HEADING.test(lineAbove(ctx.text, item.start)) ? ([''] as unknown as RegExpExecArray) : null);
    if (field && !item.tableRow && seen.has(key) && item.scheduleDetail) {
      if (saysOnlyTime(item.quote.slice(field[0].length), item.scheduleDetail)) {
        restated.add(item);
        ctx.skipped.push({ quote: item.quote, section: item.section, line: item.line, reason: 'restated', timeText: item.timeText });
        continue;
      }
    }
    seen.add(key);
  }
  // "选举工作从2023年5月15日启动。总体分四个阶段…" beside "(2023年5月15日至7月15日)" or a first stage
  // "(2023年5月15日-5月30日)": a start with no end of its own, on the day a span read elsewhere starts, is
  // that span's start said again (when the span came first: "5月1日开始执行夏季作息时间表" before "(起止时间:5月1日—
  // 9月30日)" is the switch, and the span what it is valid for)
  const spanStarts = new Map<string, number>();
  for (const i of ctx.items) {
    const day = i.timed && i.schedule?.deadline ? i.scheduleDetail?.startDay : null;
    if (day && !spanStarts.has(day)) spanStarts.set(day, i.start);
  }
  for (const item of ctx.items) {
    const s = item.schedule;
    const startDay = item.scheduleDetail?.startDay;
    if (!item.timed || !s || restated.has(item) || item.tableRow || s.deadline || s.recurrence || !startDay) continue;
    if (!((spanStarts.get(startDay) ?? Infinity) < item.start)) continue;
    restated.add(item);
    ctx.skipped.push({ quote: item.quote, section: item.section, line: item.line, reason: 'restated', timeText: item.timeText });
  }
  if (restated.size) ctx.items = ctx.items.filter((i) => !restated.has(i));
}

/** The nearest non-blank line above offset `at`, without its outline marker. */
function lineAbove(text: string, at: number): string {
  let end = text.lastIndexOf('\n', at - 1);
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (end <= 0) return '';
  const start = text.lastIndexOf('\n', end - 1) + 1;
  return text
    .slice(start, end)
    .trim()
    .replace(/^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d))\s*/, '');
}

function lineAt(ctx: Ctx, span: Span, node: OutlineNode): number {
  const para = [...node.body, ...(node.para ? [node.para] : [])].find((p) => p.start <= span.start && span.start <= p.end);
  if (para) return para.line + countNewlines(ctx.text, para.start, span.start);
  return node.para?.line ?? 1;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function lineOf(ctx: Ctx, c: Candidate, start: number): number {
  return c.line + countNewlines(ctx.text, c.span.start, start);
}

/** Splits a candidate at its 一是…二是… enumeration, then judges each part. */
function expand(ctx: Ctx, c: Candidate): void {
  const parts = c.block ? null : findEnumeration(ctx.text, c.span);
  if (!parts) {
    judge(ctx, c, c.span, c.kind, c.introMode, c.heading);
    return;
  }
  const leadSpan = trimSpan(ctx.text, { start: c.span.start, end: parts[0].marker.start });
  let leadMode: Mode | null = c.introMode;
  if (leadSpan.end > leadSpan.start) {
    const lead = ctx.text.slice(leadSpan.start, leadSpan.end);
    const t = tenseOf(tenseScore(lead));
    leadMode = t === 'past' ? 'report' : t === 'future' ? 'plan' : (introModeOf(lead) ?? c.introMode);
    judge(ctx, c, leadSpan, 'lead', c.introMode, null);
  }
  const section = c.kind === 'heading' ? [...c.section, c.node.title] : c.section;
  for (const part of parts) {
    judge(ctx, { ...c, section }, part.content, 'enum', leadMode, null);
  }
}

function introModeOf(lead: string): Mode | null {
  return /[:：]\s*$/.test(lead) ? introMode(lead) : null;
}

/** The mode of the nearest enclosing heading that says or shows one; the document's otherwise. */
function contextMode(ctx: Ctx, node: OutlineNode, skipSelf: boolean): Mode {
  for (let n: OutlineNode | null = skipSelf ? node.parent : node; n; n = n.parent) {
    if (n.type !== 'root') {
      const h = headingMode(n.title);
      if (h) return h;
    }
    const a = ctx.aggregate.get(n);
    if (a) return a;
  }
  return ctx.docMode;
}

/** Only to show the date of a skipped passage: a cheap test before asking the parser. */
const MAYBE_DATE = /\d|[一二三四五六七八九十]\s*月|季度|半年|年[初中底末]|每[周月季年]|旬|底前/;

const STRONG_FUTURE =
  /拟|(?<!工作)计划(?![生如书表])|将(?=在|于|继续|进一步|全面|加大|加快|大力|认真|积极|重点|开展|组织|召开|举办|进行|完成|推进|落实|建立|采取)|下一步|下阶段|后阶段|今后|明年|下半年|下年度/;
const HABIT = /每(天|日|周|月|季度?|半年|年度?|学期|两周|两月)[^。；;]{0,30}?([一二两三四五六七八九十\dxX几]+|多)\s*(次|期|场|轮)/;

const DIRECTIVE = /要求|强调|明确|规定|决定|^[一二三四五六七八九十]?要/;
const DIRECTIVE_DATE =
  /(?:\d{1,2}|[一二三四五六七八九十]{1,2}|下个?|次)\s*月[^。；;，,]{0,6}?(?:前|之前|以前|底|末|中旬|下旬|上旬)|年底|第[一二三四]季度|每(?:个)?(?:周|月|季度|年)[^。；;]{0,12}(?:次|\d{1,2}\s*[日号])|(?:于|在)\s*(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日[^。；;，,]{0,8}?(?:召开|举行|举办)(?!了)/;

interface SentenceJudgement {
  span: Span;
  text: string;
  score: TenseScore;
  commitment: boolean;
  explicit: boolean;
  past: boolean;
  directive: boolean;
}

function judge(ctx: Ctx, c: Candidate, span: Span, kind: Candidate['kind'], enumOrIntro: Mode | null, heading: string | null): void {
  const { text } = ctx;
  const quote = text.slice(span.start, span.end);
  const line = lineOf(ctx, c, span.start);
  const skip = (reason: SkipReason, timeText: string | null = null): void => {
    ctx.skipped.push({ quote, section: c.section, line, reason, timeText });
  };

  // Sections that hold no commitments, whatever the tense.
  if (isPageFurniture(quote) || (DAY_OFF.test(quote) && quote.length <= 60)) return skip('background');
  const own = c.heading ? headingMode(c.heading) : null;
  const hard = [own, enumOrIntro, contextModeHard(c.node, c.kind === 'heading')].find((m) => m === 'problems' || m === 'background' || m === 'opinions');
  if (hard) return skip(hard as SkipReason);

  const ctxMode = enumOrIntro ?? own ?? contextMode(ctx, c.node, c.kind === 'heading');
  const reportCtx = ctxMode === 'report';
  const judged: SentenceJudgement[] = sentences(text, span).map((s) => {
    const str = text.slice(s.start, s.end);
    const score = tenseScore(str, ctx.tense);
    // "(…已报县表彰的对象此次不重复表彰)时间定在6月27日上午": a bracketed aside's tense is not the sentence's
    const aside = str.replace(/[（(][^（()）]*[)）]/g, '');
    let tense = tenseOf(aside !== str && aside.trim() ? tenseScore(aside, ctx.tense) : score);
    // In a report, "要/确保/继续" describe what was done; only a plan word or a stated habit
    // ("每月…一次") makes a sentence a commitment there.
    // A directive the report quotes with its own date ("要求年初的会议于3月中旬之前召开", "会议强调…
    // 下月中旬要全部竣工完成") is still a commitment.
    // (the tense of the words up to the date: "会议决定…于3月23日上午召开,并讨论了…" decided a date to come)
    const dated = reportCtx ? DIRECTIVE_DATE.exec(str) : null;
    const upToDate = dated ? str.slice(0, dated.index + dated[0].length) : '';
    const directive =
      dated !== null &&
      (c.directive || DIRECTIVE.test(upToDate)) &&
      (tense !== 'past' || (!/了|过|已/.test(upToDate) && tenseOf(tenseScore(upToDate, ctx.tense)) !== 'past'));
    if (directive) tense = 'future';
    else if (reportCtx && tense === 'future' && !STRONG_FUTURE.test(str) && !HABIT.test(str)) tense = 'neutral';
    // "(五)总结考核阶段(10月1日至11月10日)": a stage with its dates is planned, whatever its name says
    if (tense === 'past' && STAGE_LABEL.test(stripEndPunct(str.trim())) && MAYBE_DATE.test(str)) tense = 'neutral';
    const explicit = tense === 'future';
    const commitment = explicit || (tense === 'neutral' && ctxMode === 'plan');
    return { span: s, text: str, score, commitment, explicit, past: tense === 'past', directive };
  });
  // "按照市纪委的要求,8月份各县要全面推开。结合我县实际,县纪委决定…7月底全面完成": the higher level's
  // requirement restated before the plan's own decision is background
  const restated = new Set(judged.filter((j, k) => judged[k + 1] && HIGHER_REQUIREMENT.test(j.text.trim()) && OWN_PRACTICE.test(judged[k + 1].text.trim())));
  const commitments = judged.filter((j) => j.commitment && !restated.has(j));

  // Time: read the commitment sentences; a clause naming the circumstance (结合“七·一”建党,
  // 按照…一年召开不少于两次…的) is left out when the rest still has a time of its own.
  const timeSentences: string[] = [];
  let issue: { reason: string; phrase: string } | null = null;
  // One call for the whole commitment text first: most items have no time at all.
  const all = commitments.map((j) => j.text).join('');
  const whole = commitments.length && all.length <= MAX_READ ? parseCached(ctx, all) : null;
  const worthReading = !c.given && commitments.length > 0 && (whole === null || (whole.ok ? hasTime(whole.schedule) : whole.phrase.trim() !== all.trim()));
  const timedSentences: Array<{ j: SentenceJudgement; read: TimeRead }> = [];
  const givenReads = new Set<{ j: SentenceJudgement; read: TimeRead }>();
  for (const j of worthReading ? commitments : []) {
    const r = parseCached(ctx, j.text);
    // "各小学每月至少进行一次安全排查。并于20日前将排查情况上交,然后汇总于25日前上报": after a monthly
    // duty, a bare day (no month) is a day of each month, and each clause with one is a duty of its own
    const monthly = timedSentences.find((t) => t.read.schedule.recurrence === 'monthly');
    if (monthly && (!r.ok || !hasTime(r.schedule))) {
      const days = bareMonthDays(ctx, j, monthly.read);
      for (const d of days) givenReads.add(d);
      if (days.length) {
        timedSentences.push(...days);
        for (const d of days) timeSentences.push(d.j.text);
        continue;
      }
    }
    // "在每季度末(分别在6月、9月和12月底)报…": a list of months the parser cannot join is one item per
    // month, each with the qualifier written after the last (底, 前, 中旬)
    const listed = r.ok ? [] : listedMonths(ctx, j, r.phrase);
    if (listed.length) {
      for (const d of listed) givenReads.add(d);
      timedSentences.push(...listed);
      for (const d of listed) timeSentences.push(d.j.text);
      continue;
    }
    if (!r.ok) {
      // "nothing found" quotes the whole sentence; an unsupported or malformed phrase is quoted alone
      if (r.phrase && r.phrase.trim() !== j.text.trim()) issue = { reason: r.reason, phrase: r.phrase };
      continue;
    }
    if (!hasTime(r.schedule)) continue;
    const core = withoutCircumstance(j.text);
    const coreRead = core !== j.text ? timeOf(ctx, core) : null;
    timeSentences.push(coreRead ? core : j.text);
    timedSentences.push({ j, read: coreRead ?? { schedule: r.schedule, detail: r.detail } });
  }

  // Two sentences with different times are two commitments ("上半年听取…；下半年听取…"):
  // one item cannot have two windows, so each dated sentence starts an item of its own.
  // Two duties of one cadence are two as well when their own days differ ("每月召开一次例会。每月28日前上报")
  const sentenceKey = (t: TimeRead) => (t.schedule.recurrence ? `${timeKey(t.schedule)}|${t.detail.dayOfMonth ?? ''}` : timeKey(t.schedule));
  // Two sentences that each name the same day are two duties as well ("各院于5月3日晚组织班会…。各部门于5月3日晚…报政务部。")
  const ownDay = (t: TimeRead) => !t.schedule.recurrence && !!t.schedule.deadline && !t.schedule.deadline.endsWith('end') && !t.schedule.window;
  if (
    kind !== 'lead' &&
    timedSentences.length >= 2 &&
    (new Set(timedSentences.map((t) => sentenceKey(t.read))).size > 1 || timedSentences.every((t) => ownDay(t.read)))
  ) {
    // A short undated first sentence ("（一）听取和审议专项工作报告。") names them all: it joins the section path.
    const first = judged[0];
    const named = first !== timedSentences[0].j && first.text.length <= 30 && judged.indexOf(timedSentences[0].j) === 1;
    const sub = named ? { ...c, section: [...c.section, ...(heading ? [heading] : []), stripEndPunct(first.text)] } : c;
    // "每月一例会。各…每月召开一次…例会": a short first sentence with the same time heads the duty after it
    const head = timedSentences[0];
    const starts =
      timedSentences.length > 2 && stripEndPunct(head.j.text.trim()).length <= 12 && sentenceKey(head.read) === sentenceKey(timedSentences[1].read)
        ? [head, ...timedSentences.slice(2)]
        : timedSentences;
    starts.forEach((t, k) => {
      const start = k === 0 && !named ? span.start : t.j.span.start;
      const end = k + 1 < starts.length ? starts[k + 1].j.span.start : span.end;
      const given = givenReads.has(t) ? { ...sub, given: t.read } : sub;
      judge(ctx, given, trimSpan(text, { start, end }), kind === 'heading' ? 'paragraph' : kind, enumOrIntro, k === 0 && !named ? heading : null);
    });
    return;
  }

  // One sentence, several commitments each with its own time ("每周三开设…信箱,每月开展1次…班会",
  // "全年开展两轮检查,第一轮为3至4月,第二轮为9至10月", "分别于6月底和7月底报送"): one item per clause.
  if (timedSentences.length === 1) {
    // "每季度召开一次团员大会、上一次团课": duties listed under one cadence, each with its own count
    const shared = sharedCadenceParts(ctx, timedSentences[0].j, timedSentences[0].read);
    if (shared) {
      shared.forEach((part, k) => {
        const from = k === 0 ? span.start : part.start;
        const to = k + 1 < shared.length ? shared[k + 1].start : span.end;
        const given = k === 0 ? c : { ...c, given: part.read };
        judge(ctx, given, trimSpan(text, { start: from, end: to }), kind === 'heading' ? 'paragraph' : kind, enumOrIntro, k === 0 ? heading : null);
      });
      return;
    }
  }
  if (timedSentences.length === 1) {
    const parts = clauseParts(ctx, timedSentences[0].j.text, timedSentences[0].j.span.start);
    if (parts) {
      const leadTitle = parts.lead ? makeTitle(parts.lead.slice(parts.lead.lastIndexOf('\n') + 1), null) : null;
      parts.starts.forEach((start, k) => {
        const from = k === 0 && !parts.lead ? span.start : start;
        const to = k + 1 < parts.starts.length ? parts.starts[k + 1] : span.end;
        const sub = trimSpan(text, { start: from, end: to });
        const own = stripEndPunct(text.slice(sub.start, sub.end));
        const title = leadTitle ? truncate(`${leadTitle}：${own}`, 40) : k === 0 ? heading : null;
        judge(ctx, timedSentences[0].j.directive ? { ...c, directive: true } : c, sub, kind === 'heading' ? 'paragraph' : kind, enumOrIntro, title);
      });
      return;
    }
  }

  if (commitments.length === 0) {
    // the date of a skipped passage is shown to the reviewer ("4月22日 … 顺利召开")
    let timeText: string | null = null;
    for (const j of judged) {
      if (!MAYBE_DATE.test(j.text)) continue;
      const r = parseCached(ctx, j.text);
      if (r.ok && hasTime(r.schedule)) {
        timeText = r.detail.matched.join(' ') || null;
        break;
      }
    }
    return skip(kind === 'lead' ? 'lead' : 'report', timeText);
  }

  let schedule: Schedule | null = null;
  let detail: ScheduleDetail | null = null;
  if (timeSentences.length) {
    // the time sentences read together ("1—2月份…。每周一…"), a few at most
    let joined = timeSentences[0];
    for (const t of timeSentences.slice(1)) if (joined.length + t.length < MAX_READ) joined += `。${t}`;
    const r = parseCached(ctx, joined);
    if (r.ok && hasTime(r.schedule)) {
      schedule = r.schedule;
      detail = r.detail;
    } else if (!r.ok && r.phrase) issue = { reason: r.reason, phrase: r.phrase };
  }
  if (c.given) {
    schedule = c.given.schedule;
    detail = c.given.detail;
  }
  const fromCalendar = schedule === null && kind !== 'lead' && c.calendar !== null;
  if (fromCalendar) {
    schedule = c.calendar!.schedule;
    detail = c.calendar!.detail;
  }
  const timed = schedule !== null;

  // A lead paragraph introduces the items below it: kept only for a commitment of its own
  // (a cadence, a count, a deadline); a plain window there is the section's scope.
  if (kind === 'lead' && !(schedule && (schedule.recurrence || schedule.deadline || schedule.times))) {
    return skip('lead', detail?.matched.join(' ') || null);
  }

  const notes: string[] = [];
  let confidence = 0.6;
  if (commitments.some((j) => j.explicit)) confidence += 0.15;
  else notes.push('没有“拟/将/要/确保/每月…”等计划用语，按所在部分判断为计划事项');
  if (ctxMode === 'plan') confidence += 0.1;
  if (reportCtx) {
    confidence -= 0.15;
    notes.push('所在部分多为已完成工作的汇报，请确认这是计划事项');
  }
  if (judged.some((j) => j.past)) {
    confidence -= 0.1;
    notes.push('同一段中含有已完成工作的叙述');
  }
  if (timed) {
    confidence += 0.1;
    if (detail?.timesUnknown) {
      confidence -= 0.1;
      notes.push('次数未填写（x次），请补充');
    }
    if (kind === 'lead') confidence -= 0.1;
  }
  if (fromCalendar) {
    // on the corpus, tasks dated only by the list they sit under are more often part of a block than items of their own
    confidence -= 0.15;
    notes.push(`时间取自所在标题“${detail!.matched.join(' ')}”`);
  }
  // "12月15日上午,县人大常委会主任…主持召开…": news of an event that took place, not a plan's item
  if (timed && NEWS_LEAD.test(quote) && !commitments.some((j) => j.explicit)) return skip('report', detail?.matched.join(' ') || null);
  // a notice's own metadata (成文日期, 发文字号) or a fact of the school calendar (放假, 开学, 正式上课)
  if (timed && (DOC_METADATA.test(quote) || isCalendarFact(quote))) return skip('background', detail?.matched.join(' ') || null);
  // "文安县第一小学 2019年12月1日": the issuer and the day it signed, not a task
  if (timed && ISSUER_DATE.test(quote)) return skip('background', detail?.matched.join(' ') || null);
  // "2019年10月1日，是中华人民共和国成立70周年": what the day is, not what is to be done on it
  if (timed && DAY_IS.test(quote)) return skip('background', detail?.matched.join(' ') || null);
  // an applicant's qualification ("应具备8月31日前到岗的条件", "指1987年4月24日后出生"): a criterion, not a task
  if (timed && QUALIFICATION.test(quote)) return skip('background', detail?.matched.join(' ') || null);
  if (issue) {
    confidence -= 0.15;
    notes.push(`时间表述未能识别：${issue.phrase}（${issue.reason}）`);
  }
  if (!timed && c.scope) notes.push('无具体时间，按所在部分的时间范围安排');
  if (timed) {
    const doubt = doubtOf(quote);
    if (doubt) {
      confidence -= doubt.penalty;
      notes.push(doubt.note);
    }
    // "2月26日准时上课。请相关部门…做好开学前准备": the time is the school calendar's (the sentence it is
    // written in is a calendar fact); what is asked beside it has no time of its own
    const phrase = detail?.matched[0];
    const dated = phrase ? quote.split(/(?<=[。；;！!？?\n])/).find((x) => x.includes(phrase)) : undefined;
    if (!doubt && dated && dated.trim() !== quote.trim() && isCalendarFact(dated)) {
      confidence -= 0.25;
      notes.push('时间出自校历上的日子（开学、上课、放假），请确认这是要督办的事项');
    }
  }
  confidence = Math.round(Math.min(0.98, Math.max(0.05, confidence)) * 100) / 100;

  const commitmentText = commitments.map((j) => j.text).join('');
  const unitText = heading ? `${heading}。${commitmentText}` : commitmentText;
  ctx.items.push({
    quote,
    section: c.section,
    title: titleOf(quote, heading),
    timed,
    // "明年…"/"次年3月" belongs to the year after the plan's
    schedule: schedule ? { ...schedule, year: yearOf(ctx, schedule, detail) } : null,
    scheduleDetail: detail,
    timeText: detail?.matched.length ? detail.matched.join(' ') : null,
    confidence,
    evidence: evidenceFor(unitText, schedule),
    unit: findUnit(unitText),
    coUnits: findCoUnits(unitText),
    line,
    start: span.start,
    end: span.end,
    scope: timed ? null : c.scope,
    notes,
  });
}

/**
 * The month of a news item's date line: its first paragraphs open with the day of the event they
 * report ("11月27日,正阳关镇召开了民生工程年度推进会").
 */
function newsMonthOf(text: string, paras: Para[]): number | null {
  for (const p of paras.slice(0, 6)) {
    const m = NEWS_LEAD.exec(text.slice(p.start, p.end));
    if (m && m.index === 0) return Number(/(\d{1,2})月\d{1,2}日/.exec(m[0])![1]);
  }
  return null;
}

/** "12月15日上午,县人大常委会主任…主持召开…": how news of an event opens. */
const NEWS_LEAD =
  /^(?:[^。\n]{0,30}(?:讯|电)\s*(?:[（(][^）)\n]{0,40}[)）])?\s*)?(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?(?:\d{1,2}[点时:：]\d{0,2}分?)?[,，][^。；]{0,60}?(?:召开|举行|举办|主持|出席|参加|来到|深入|走进|调研|视察)/m;

/** A day off, not a commitment: "2/28(六)和平纪念日放假1天", "4/6(一)清明节补休", "1月23日放寒假". */
const DAY_OFF =
  /放假|放寒假|放暑假|[补補]休|[补補]假|休假|调休|調休|不上[课課]|[补補]上[课課]|[补補]\d{1,2}\/\d{1,2}|[补補].{0,6}[课課]程|休业式|休業式|学期结束|學期結束/;

/** "寒假开始", "暑假開始": the break begins; "中秋节", "开国纪念日": a festival's name alone. */
const TERM_BREAK = /^[寒暑]假(?:开始|開始)?$|^[寒暑]假(?:开始|開始)/;
const FESTIVAL = /^[\u4e00-\u9fff]{1,10}(?:节|節|纪念日|紀念日|国庆日|國慶日|除夕|元旦)$|^(?:国庆日|國慶日|元旦|除夕)$/;

const NO_NAME = /^(无|—+|-+|\/|／|暂无)$/;

/**
 * One item per data row of a table: the title from the task column, the schedule from the time
 * column (a cell left empty under a row-spanning one takes the value above it; the task's own
 * words when no time column reads), the unit and owner from their columns.
 */
function readTable(ctx: Ctx, table: TextTable, scope: Schedule | null): void {
  const { text } = ctx;
  if (table.header)
    ctx.skipped.push({
      quote: table.header.quote ?? text.slice(table.header.para.start, table.header.para.end),
      section: [],
      line: table.header.para.line,
      reason: 'table-header',
      timeText: null,
    });
  const above = new Map<number, string>();
  const cell = (row: TextTable['rows'][number], k: number) => row.cells[k]?.text.trim() ?? '';
  const filled = (row: TextTable['rows'][number]) => row.cells.filter((c) => c.text.trim()).length;
  // A table flattened from a web page or PDF writes a merged (rowspan) cell once: the rows under it
  // have fewer cells, shifted left, and share the time of the row that had it.
  const width = Math.max(table.header ? filled(table.header) : 0, ...table.rows.map(filled));
  let last: { time: TimeRead; cell: string } | null = null;
  // a school calendar's week grid ("周次 | 周一 … 周日 | 备注"): each row's note is dated by its days
  const days = weekdayColumns(table);
  if (days.length) {
    readWeekGrid(ctx, table, days, scope);
    return;
  }
  for (const row of table.rows) {
    const quote = row.quote ?? text.slice(row.para.start, row.para.end);
    let time: TimeRead | null = null;
    let timeCell: string | null = null;
    // a flattened table (one cell per line) writes every cell, the empty ones too: its rows are never short
    const flat = row.quote !== undefined;
    const short = !flat && width >= 3 && filled(row) < width && filled(row) <= width - 1;
    // several time columns ("计划周期 | 时间节点"): a cell that is only a time is the row's schedule; one
    // that names a hand-in beside its date ("6月30日前交…") is read after it, and is an item of its own
    const timeColumns = table.columns.time.length > 1 ? timeColumnOrder(ctx, row, table.columns.time) : table.columns.time;
    for (const k of timeColumns) {
      const own = cell(row, k);
      // a short row's cells are shifted: what sits in the time column is not a time written for the rows below
      if (own && !short && !flat) above.set(k, own);
      const value = own || above.get(k) || '';
      if (!value || time) continue;
      const t = timeOf(ctx, spellDottedDates(unspaced(value)));
      if (t) {
        time = t;
        timeCell = value;
      }
    }
    let titleText = table.columns.title.map((k) => cell(row, k)).find((c) => c.length > 0) ?? '';
    let inherited = false;
    if (!time && !short) {
      // a time column that names only the week ("第一周 | 3月1日-3月7日 | …"): the date is beside it
      const at = row.cells.findIndex((c) => c.text.trim().length <= 30 && isPureTimeCell(ctx, c.text.trim()));
      if (at >= 0) {
        timeCell = row.cells[at].text.trim();
        time = timeOf(ctx, spellDottedDates(unspaced(timeCell)));
      }
    }
    if (short && !time) {
      // the shifted cells: a time may sit in any of them; the task is the longest of the rest
      const cells = row.cells.map((c) => c.text.trim()).filter(Boolean);
      const at = cells.findIndex((c) => c.length <= 30 && isPureTimeCell(ctx, c));
      const rest = cells.filter((_, i) => i !== at);
      if (rest.length) titleText = rest.reduce((a, b) => (b.length > a.length ? b : a));
      if (at >= 0) {
        timeCell = cells[at];
        time = timeOf(ctx, spellDottedDates(unspaced(timeCell)));
      } else if (last && HAN_WORD.test(titleText.replace(NUMERAL_HAN, ''))) {
        time = last.time;
        timeCell = last.cell;
        inherited = true;
      }
    }
    if (time && timeCell && !inherited) last = { time, cell: timeCell };
    if (!time && titleText) time = timeOf(ctx, titleText);
    else if (time && timeCell && titleText && titleText !== timeCell) {
      // "第二十周 | 7月3日-7月9日 | 7月6日前结束期末考试": the task's own day wins over the row's week of days
      const own = timeOf(ctx, spellDottedDates(unspaced(titleText)));
      if (own && isDayDeadline(own.schedule) && !time.schedule.recurrence && namesTwoDays(timeCell)) time = own;
    }
    if (!titleText && !time) continue;
    // a day off named in the task column ("寒假开始", "调整放假"), or a festival the row gives off
    // ("中秋节 | 放假1日"): a calendar fact, not a commitment
    if (
      titleText &&
      ((DAY_OFF.test(titleText) && !/休[业業]式/.test(titleText) && !CALENDAR_ACTION.test(titleText)) ||
        TERM_BREAK.test(titleText) ||
        (FESTIVAL.test(unspaced(titleText)) && row.cells.some((c) => DAY_OFF.test(c.text))))
    ) {
      ctx.skipped.push({ quote, section: [], line: row.para.line, reason: 'background', timeText: timeCell });
      continue;
    }
    const name = (roles: number[]) => roles.map((k) => cell(row, k)).find((c) => c && !NO_NAME.test(c)) ?? null;
    const unit = name(table.columns.unit);
    const owner = name(table.columns.owner);
    const coUnits = table.columns.coUnits.flatMap((k) => cell(row, k).split(/[、，,；;\s]+/)).filter((u) => u.length >= 2 && !NO_NAME.test(u));
    const notes: string[] = [];
    let confidence = 0.9;
    if (!time) notes.push('表格行没有可识别的时间');
    else if (!timeCell) {
      confidence -= 0.1;
      notes.push('时间取自事项内容，表格的时间列为空');
    } else if (inherited) {
      confidence -= 0.05;
      notes.push(`时间取自上一行（合并单元格）：${timeCell}`);
    }
    if (!unit && table.columns.unit.length) notes.push('责任单位一栏为空');
    // what the row says besides its times and week labels: nothing means a calendar grid or an empty week
    const taskText = row.cells
      .map((c) => c.text.trim())
      .filter((c) => c && c !== timeCell && !isPureTimeCell(ctx, c))
      .join('');
    if (
      time &&
      !HAN_WORD.test(
        unspaced(taskText)
          .replace(NUMERAL_HAN, '')
          .replace(/[周第日月年]/g, ''),
      )
    ) {
      // a calendar grid's row of days or a week with nothing planned in it: no item
      ctx.skipped.push({ quote, section: [], line: row.para.line, reason: 'background', timeText: timeCell });
      continue;
    } else if (time && (DOC_METADATA.test(quote) || isCalendarFact(titleText || quote))) {
      // a notice's metadata row (成文日期, 发文字号) or a day of the school calendar (开学日, 正式上课)
      ctx.skipped.push({ quote, section: [], line: row.para.line, reason: 'background', timeText: timeCell });
      continue;
    } else if (time) {
      const doubt = doubtOf(quote);
      if (doubt) {
        confidence -= doubt.penalty;
        notes.push(doubt.note);
      }
    }
    // "1.老生报到注册(9月13日) 2.老生开始上课(9月14日) 3.选课(9月14-18日)": a cell listing tasks that
    // each carry their own date is one item per task
    const titleCell = table.columns.title.map((k) => row.cells[k]).find((c) => c && c.text.trim().length > 0);
    const parts = titleCell && !inherited ? findEnumeration(text, titleCell) : null;
    if (parts && parts.length >= 2) {
      const reads = parts.map((p) => ({ p, t: timeOf(ctx, text.slice(p.content.start, p.content.end)) }));
      const keys = new Set(reads.filter((r) => r.t).map((r) => timeKey(r.t!.schedule)));
      if (keys.size >= 2) {
        // "1. 新生英语分级考试(9月22日),化学水平测试(9月23日)": a task of the list with two dated clauses is two
        const pieces: Array<{ p: { marker: Span; content: Span }; t: TimeRead | null }> = [];
        for (const r of reads) {
          const clauses = r.t ? clauseParts(ctx, text.slice(r.p.content.start, r.p.content.end), r.p.content.start) : null;
          if (!clauses || clauses.lead || clauses.starts.length < 2) {
            pieces.push(r);
            continue;
          }
          clauses.starts.forEach((start, k) => {
            const end = k + 1 < clauses.starts.length ? clauses.starts[k + 1] : r.p.content.end;
            const own = trimSpan(text, { start: k === 0 ? r.p.content.start : start, end });
            const content = { start: own.start, end: own.start + stripEndPunct(text.slice(own.start, own.end)).length };
            pieces.push({ p: { marker: k === 0 ? r.p.marker : content, content }, t: timeOf(ctx, text.slice(content.start, content.end)) });
          });
        }
        for (const { p, t } of pieces) {
          const partText = text.slice(p.marker.start, p.content.end);
          if (t && isCalendarFact(text.slice(p.content.start, p.content.end))) {
            ctx.skipped.push({ quote: partText, section: [], line: row.para.line, reason: 'background', timeText: t.detail.matched.join(' ') || null });
            continue;
          }
          const doubt = t ? doubtOf(partText) : null;
          ctx.items.push({
            quote: partText,
            section: [],
            title: makeTitle(text.slice(p.content.start, p.content.end), null),
            timed: t !== null,
            schedule: t ? { ...t.schedule, year: yearOf(ctx, t.schedule, t.detail) } : null,
            scheduleDetail: t?.detail ?? null,
            timeText: t ? t.detail.matched.join(' ') : null,
            confidence: doubt ? 0.85 - doubt.penalty : 0.85,
            evidence: evidenceFor(partText, t?.schedule ?? null),
            unit: unit ?? findUnit(partText),
            coUnits,
            owner,
            tableRow: true,
            line: row.para.line,
            start: p.marker.start,
            end: p.content.end,
            scope: t ? null : scope,
            notes: [...notes.filter((n) => n.startsWith('责任单位')), '表格单元格列出的多项任务之一', ...(doubt ? [doubt.note] : [])],
          });
        }
        continue;
      }
    }
    const schedule = time ? { ...time.schedule, year: yearOf(ctx, time.schedule, time.detail) } : null;
    ctx.items.push({
      quote,
      section: [],
      title: makeTitle(titleText || quote, null),
      timed: time !== null,
      schedule,
      scheduleDetail: time?.detail ?? null,
      timeText: timeCell ?? (time?.detail.matched.join(' ') || null),
      confidence,
      evidence: evidenceFor(titleText, time?.schedule ?? null),
      unit: unit ?? findUnit(titleText),
      coUnits,
      owner,
      tableRow: true,
      line: row.para.line,
      start: row.para.start,
      end: row.para.end,
      scope: time ? null : scope,
      notes,
    });
    if (time && table.columns.time.length > 1) pushHandIns(ctx, table, row, time, { unit, owner, coUnits });
  }
}

/**
 * A week grid: the note of a week ("开学典礼", "期中考试") is due by the week's last day, in the months
 * its days run through (9/28–10/4: window 09–10, due 10-04); a note with a time of its own keeps it.
 * Weeks without a note, and notes that are calendar facts (放假), are no items.
 */
function readWeekGrid(ctx: Ctx, table: TextTable, days: number[], scope: Schedule | null): void {
  const { text } = ctx;
  const spans = weekSpans(table, days);
  const noteColumns = table.header!.cells.map((_, k) => k).filter((k) => !days.includes(k) && k > Math.max(...days));
  const pad = (n: number) => String(n).padStart(2, '0');
  table.rows.forEach((row, r) => {
    const quote = row.quote ?? text.slice(row.para.start, row.para.end);
    const noteCell = noteColumns.map((k) => row.cells[k]).find((c) => c && c.text.trim());
    const note = noteCell?.text.trim() ?? '';
    const span = spans[r];
    if (!HAN_WORD.test(note)) {
      ctx.skipped.push({ quote, section: [], line: row.para.line, reason: 'background', timeText: null });
      return;
    }
    if (DAY_OFF.test(note) || isCalendarFact(note)) {
      ctx.skipped.push({ quote, section: [], line: row.para.line, reason: 'background', timeText: null });
      return;
    }
    const own = timeOf(ctx, spellDottedDates(unspaced(note)));
    const schedule: Schedule | null = own
      ? own.schedule
      : span
        ? {
            window: { start: pad(span.first.month), end: pad(span.last.month) },
            deadline: `${pad(span.last.month)}-${pad(span.last.day)}`,
            recurrence: null,
            times: null,
            year: null,
          }
        : null;
    const detail: ScheduleDetail | null = own ? own.detail : schedule ? { startDay: null, dayOfMonth: null, matched: [], timesUnknown: false } : null;
    ctx.items.push({
      quote,
      section: [],
      title: makeTitle(note, null),
      timed: schedule !== null,
      schedule: schedule ? { ...schedule, year: yearOf(ctx, schedule, detail) } : null,
      scheduleDetail: detail,
      timeText: span ? `${span.first.month}/${span.first.day}–${span.last.month}/${span.last.day}` : null,
      confidence: 0.85,
      evidence: evidenceFor(note, schedule),
      unit: findUnit(note),
      coUnits: [],
      owner: null,
      tableRow: true,
      line: row.para.line,
      start: row.para.start,
      end: row.para.end,
      scope: schedule ? null : scope,
      notes: own ? [] : ['时间取自校历中这一周的日期'],
    });
  });
}

/**
 * A table flattened with its cells on lines of their own and a bare "|" line between them
 * ("2017.11.1" / "|" / "全院教师完成拟题…"): a task line without a time of its own takes the time
 * cell just above it.
 */
function datedByCellAbove(ctx: Ctx, paras: Para[], candidates: Candidate[]): void {
  const at = new Map(paras.map((p, i) => [p.start, i]));
  const lineOf = (i: number) => ctx.text.slice(paras[i].start, paras[i].end).trim();
  for (const c of candidates) {
    if (c.calendar || (c.kind !== 'paragraph' && c.kind !== 'heading')) continue;
    const k = at.get(c.span.start);
    if (k === undefined || k < 2 || !/^[|｜]$/.test(lineOf(k - 1))) continue;
    const cell = lineOf(k - 2);
    if (cell.length > 30 || !/\d/.test(cell) || !isPureTimeCell(ctx, cell)) continue;
    const t = timeOf(ctx, spellDottedDates(unspaced(cell)));
    if (t) c.calendar = t;
  }
}

/** Where a note of a calendar cuts: at ;。 always, at a comma when a date follows ("…報到,3日老生報到"). */
const GRID_CLAUSE_CUT = /[;；。]+|[,，](?=\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*(?:[—\-–~～]+\s*\d{1,2}\s*)?(?:日|号|[上下]午|(?=[\u4e00-\u9fff])))/g;
/** A day without its month at the start of a clause: "3日", "8—18日", "14—15秋季运动会", "10下午". */
const BARE_DAY = /^(\d{1,2})(?:\s*[—\-–~～]+\s*(\d{1,2}))?\s*(日|号|(?=[上下]午)|(?=[\u4e00-\u9fff]))/;
const COMMEMORATION = /^[\u4e00-\u9fff]{1,10}(?:节|節|纪念日|紀念日)$|^(?:国际|國際|世界|全国|全國)[\u4e00-\u9fff]{1,10}日$/;

/**
 * The notes of a flattened school calendar: each clause that has a date is an item, its bare days
 * ("3日老生报到", "8—18日新生军训") in the month most recently named before them in the note, else
 * the month of the note's week; a note without any date is due by its week's last day. Calendar
 * facts (放假, 上课, 上周一的课) and festivals are none.
 */
function readCalendarGrid(ctx: Ctx, grid: CalendarGrid): void {
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const note of grid.notes) {
    const clauses: Array<{ start: number; end: number }> = [];
    let from = 0;
    GRID_CLAUSE_CUT.lastIndex = 0;
    for (let m = GRID_CLAUSE_CUT.exec(note.text); m; m = GRID_CLAUSE_CUT.exec(note.text)) {
      clauses.push({ start: from, end: m.index });
      from = m.index + m[0].length;
    }
    clauses.push({ start: from, end: note.text.length });
    let month = note.month;
    let dated = false;
    const pending: Array<() => void> = [];
    for (const cl of clauses) {
      const raw = note.text.slice(cl.start, cl.end).trim();
      if (!raw) continue;
      const at = note.start + note.text.indexOf(raw, cl.start);
      const named = /(\d{1,2})\s*月/.exec(raw);
      if (named) month = Number(named[1]);
      const bare = !named && month !== null ? BARE_DAY.exec(raw) : null;
      const spelled = bare ? `${month}月${bare[1]}日${bare[2] ? `至${bare[2]}日` : ''}${raw.slice(bare[0].length)}` : raw;
      const t = named || bare ? timeOf(ctx, spellDottedDates(spelled)) : null;
      if (!t) continue;
      dated = true;
      const rest = t.detail.matched.reduce((x, m) => x.split(m).join(''), spelled).replace(/^[\s、,，()（）]+|[\s、,，。()（）]+$/g, '');
      if (DAY_OFF.test(raw) || isCalendarFact(raw) || isCalendarFact(spelled) || COMMEMORATION.test(rest) || !HAN_WORD.test(rest)) continue;
      const itemMonth = Number((t.schedule.window?.start ?? t.schedule.deadline ?? '').slice(0, 2));
      const year =
        t.schedule.year ??
        (note.year !== null && note.month !== null ? (itemMonth < note.month - 6 ? note.year + 1 : note.year) : yearOf(ctx, t.schedule, t.detail));
      // "2日開始…实习": on a calendar, the day something starts is its day
      const w = t.schedule.window;
      const startsOnDay = w && w.start === w.end && !t.schedule.deadline && t.detail.startDay;
      const schedule = startsOnDay ? { ...t.schedule, window: null, deadline: t.detail.startDay, year } : { ...t.schedule, year };
      pending.push(() => pushGridItem(ctx, note, raw, at, schedule, t.detail, null));
    }
    if (!dated) {
      const w = note.week;
      if (!w || DAY_OFF.test(note.text) || isCalendarFact(note.text) || COMMEMORATION.test(note.text.replace(/[。.]$/, ''))) continue;
      const schedule: Schedule = {
        window: { start: pad(w.first.month), end: pad(w.last.month) },
        deadline: `${pad(w.last.month)}-${pad(w.last.day)}`,
        recurrence: null,
        times: null,
        year:
          w.lastYear ??
          yearOf(ctx, { window: { start: pad(w.first.month), end: pad(w.last.month) }, deadline: null, recurrence: null, times: null, year: null }, null),
      };
      pushGridItem(ctx, note, note.text, note.start, schedule, null, `${w.first.month}/${w.first.day}–${w.last.month}/${w.last.day}`);
      continue;
    }
    for (const push of pending) push();
  }
}

function pushGridItem(
  ctx: Ctx,
  note: GridNote,
  quote: string,
  start: number,
  schedule: Schedule,
  detail: ScheduleDetail | null,
  weekText: string | null,
): void {
  ctx.items.push({
    quote,
    section: [],
    title: makeTitle(quote, null),
    timed: true,
    schedule,
    scheduleDetail: detail,
    timeText: weekText ?? (detail?.matched.join(' ') || null),
    confidence: 0.85,
    evidence: evidenceFor(quote, schedule),
    unit: findUnit(quote),
    coUnits: [],
    owner: null,
    tableRow: true,
    line: note.para.line,
    start,
    end: start + quote.length,
    scope: null,
    notes: weekText ? ['时间取自校历中这一周的日期'] : detail && !/月/.test(detail.matched.join('')) ? [] : ['月份取自校历'],
  });
}

/** The time columns of a row, the cells that are only a time first (the order is kept otherwise). */
function timeColumnOrder(ctx: Ctx, row: TextTable['rows'][number], columns: number[]): number[] {
  const pure = (k: number) => {
    const c = row.cells[k]?.text.trim() ?? '';
    return c.length > 0 && c.length <= 30 && isPureTimeCell(ctx, c);
  };
  return [...columns.filter(pure), ...columns.filter((k) => !pure(k))];
}

/**
 * "计划周期 | 时间节点" tables: besides the stage's period, a time cell may name a hand-in with its own
 * date ("6月30日前交本单位的工作时间表"): that is a commitment of its own, with the row's unit.
 */
function pushHandIns(
  ctx: Ctx,
  table: TextTable,
  row: TextTable['rows'][number],
  time: TimeRead,
  names: { unit: string | null; owner: string | null; coUnits: string[] },
): void {
  for (const k of table.columns.time) {
    const c = row.cells[k];
    const value = c?.text.trim() ?? '';
    if (!value || isPureTimeCell(ctx, value)) continue;
    const t = timeOf(ctx, spellDottedDates(unspaced(value)));
    // a hand-in is a deadline ("…前交…"), not a month cell's list of days
    if (!t || t.schedule.window || !t.schedule.deadline || !/前|截止/.test(value) || timeKey(t.schedule) === timeKey(time.schedule)) continue;
    const rest = t.detail.matched.reduce((acc, m) => (m ? acc.split(m).join('') : acc), unspaced(value));
    if (!HAN_WORD.test(rest.replace(/[前后止底内]/g, ''))) continue;
    const doubt = doubtOf(value);
    ctx.items.push({
      quote: value,
      section: [],
      title: makeTitle(value, null),
      timed: true,
      schedule: { ...t.schedule, year: yearOf(ctx, t.schedule, t.detail) },
      scheduleDetail: t.detail,
      timeText: t.detail.matched.join(' ') || null,
      confidence: doubt ? 0.85 - doubt.penalty : 0.85,
      evidence: evidenceFor(value, t.schedule),
      unit: names.unit ?? findUnit(value),
      coUnits: names.coUnits,
      owner: names.owner,
      tableRow: true,
      line: row.para.line,
      start: c.start,
      end: c.end,
      scope: null,
      notes: ['表格时间列中的交付事项（时间节点）', ...(doubt ? [doubt.note] : [])],
    });
  }
}

const CLAUSE_GAP = /[，,；;、]/;
const JOIN_GAP = /^\s*(?:和|及|与|以及|并)\s*$/;
const WHOLE_YEAR_LEAD = /全年|年内|每年|一年/;
const PURE_YEAR = /^\s*(?:19|20)\d{2}\s*年度?\s*$/;
/** A stage named with its dates in brackets, at the start of a clause: "(二)摸底和集中整治阶段(5月-8月)". */
const STAGE_HEAD =
  /^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十\d]{1,3}\s*[、.．])?\s*[^，,。；;（()）]{0,16}(?:阶段|階段)\s*[（(][^（()）]{2,24}[)）]/;

/**
 * Where the commitments of one sentence start when each clause has a time of its own and the
 * parser, reading the whole sentence, kept only one of them (a start and an end read together,
 * "从4月中旬开始…5月10日前完成", are one commitment). A first clause that only counts for the
 * whole year ("全年开展两轮检查") is the lead of the rounds that follow, not an item.
 */
/** "于20日前", "25号前": a day with no month before it, the month's own days ("每月" supplies the month). */
const MONTHLESS_DAY =
  /(?<![\d月年周一二三四五六七八九十〇零]\s*)((?:[12]?\d|3[01])|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号](?:之|以)?前/g;

/**
 * The clauses of a sentence that each name a bare day, read as days of a monthly duty
 * ("并于20日前将排查情况上交,然后汇总于25日前上报" → the 20th and the 25th of each month), one
 * entry per clause, cut at the last comma before each later day. None when the sentence has no such day.
 */
function bareMonthDays(ctx: Ctx, j: SentenceJudgement, monthly: TimeRead): Array<{ j: SentenceJudgement; read: TimeRead }> {
  const out: Array<{ j: SentenceJudgement; read: TimeRead }> = [];
  const hits = [...j.text.matchAll(MONTHLESS_DAY)];
  let from = 0;
  hits.forEach((m, k) => {
    const read = timeOf(ctx, `每月${m[1]}日前`);
    if (!read || read.detail.dayOfMonth === null) return;
    const next = hits[k + 1];
    let to = j.text.length;
    if (next) {
      const comma = Math.max(...[',', '，', ';', '；'].map((c) => j.text.lastIndexOf(c, next.index)));
      if (comma > m.index!) to = comma + 1;
    }
    const text = j.text.slice(from, to);
    out.push({
      j: { ...j, span: { start: j.span.start + from, end: j.span.start + to }, text },
      read: { schedule: { ...read.schedule, year: monthly.schedule.year }, detail: read.detail },
    });
    from = to;
  });
  return out;
}

/** "6月、9月和12月": months listed, each written with its 月 (份). */
const MONTH_LIST = /^(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?\s*(?:[、,，]|和|及|与|以及)\s*)+(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?$/;
const MONTH_OF_LIST = /(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?/g;
const LIST_QUALIFIER = /^\s*(?:底|末|初|上旬|中旬|下旬)?\s*(?:前|之前|以前)?/;

/**
 * The months of a list the parser would not join (non-adjacent: "6月、9月和12月底"), one entry per
 * month from its own place in the sentence, each read with the qualifier after the last ("底" →
 * 6月底, 9月底, 12月底). None when the phrase is not such a list or a month does not read.
 */
function listedMonths(ctx: Ctx, j: SentenceJudgement, phrase: string): Array<{ j: SentenceJudgement; read: TimeRead }> {
  if (!MONTH_LIST.test(phrase)) return [];
  const at = j.text.indexOf(phrase);
  if (at < 0) return [];
  const qualifier = LIST_QUALIFIER.exec(j.text.slice(at + phrase.length))![0].replace(/\s/g, '');
  const months = [...phrase.matchAll(MONTH_OF_LIST)];
  const out: Array<{ j: SentenceJudgement; read: TimeRead }> = [];
  for (let k = 0; k < months.length; k++) {
    const read = timeOf(ctx, `${months[k][1]}月${qualifier}`);
    if (!read) return [];
    const from = k === 0 ? 0 : at + months[k].index!;
    const to = k + 1 < months.length ? at + months[k + 1].index! : j.text.length;
    out.push({ j: { ...j, span: { start: j.span.start + from, end: j.span.start + to }, text: j.text.slice(from, to) }, read });
  }
  return out;
}

/** "、上一次团课", "、一次团小组会": a listed duty that brings its own count and no time. */
const LISTED_COUNT = /[、]\s*(?=[\u4e00-\u9fff]{0,2}?(?:[一二两三四五六七八九十]|\d{1,2})\s*次(?!数|序|性))/g;

/**
 * Duties listed under one cadence, each with a count of its own ("每季度召开一次团员大会、上一次团课",
 * "每月召开一次支委会、一次团小组会"): where each later one starts and what it reads as (the
 * cadence with its own count). Null unless the sentence reads as a cadence with a count and every
 * later duty has a count and no time of its own.
 */
function sharedCadenceParts(ctx: Ctx, j: SentenceJudgement, read: TimeRead): Array<{ start: number; read: TimeRead }> | null {
  if (!read.schedule.recurrence || read.schedule.times === null) return null;
  const cuts = [...j.text.matchAll(LISTED_COUNT)].map((m) => m.index! + m[0].length);
  if (!cuts.length) return null;
  const out: Array<{ start: number; read: TimeRead }> = [{ start: j.span.start, read }];
  for (let k = 0; k < cuts.length; k++) {
    const part = j.text.slice(cuts[k], k + 1 < cuts.length ? cuts[k + 1] : j.text.length);
    // the part before the first cut must hold the cadence and its count
    if (k === 0) {
      const head = timeOf(ctx, j.text.slice(0, cuts[0]));
      if (!head || !head.schedule.recurrence || head.schedule.times === null) return null;
    }
    if (timeOf(ctx, part.replace(/(?:[一二两三四五六七八九十]|\d{1,2})\s*次/g, '')) !== null) return null;
    const count = timeOf(ctx, `${read.detail.matched[0]}${part}`);
    if (!count || count.schedule.recurrence !== read.schedule.recurrence || count.schedule.times === null) return null;
    out.push({ start: j.span.start + cuts[k], read: { schedule: { ...count.schedule, year: read.schedule.year }, detail: count.detail } });
  }
  return out;
}

function clauseParts(ctx: Ctx, sentence: string, offset: number): { starts: number[]; lead: string | null } | null {
  const tokens = scanTimeExpressions(sentence).filter((t) => t.piece.kind === 'period' || t.piece.kind === 'deadline' || t.piece.kind === 'recurrence');
  if (tokens.length < 2) return null;
  // groups of tokens, cut where a comma or a joining word stands between two of them
  const cuts: number[] = [0];
  const groups: string[][] = [[sentence.slice(tokens[0].start, tokens[0].end)]];
  for (let i = 1; i < tokens.length; i++) {
    const gap = sentence.slice(tokens[i - 1].end, tokens[i].start);
    let cut = -1;
    if (CLAUSE_GAP.test(gap)) {
      let last = -1;
      for (let k = 0; k < gap.length; k++) if (CLAUSE_GAP.test(gap[k])) last = k;
      cut = tokens[i - 1].end + last + 1;
    } else if (JOIN_GAP.test(gap)) cut = tokens[i - 1].end + gap.search(/\S/);
    if (cut >= 0) {
      cuts.push(cut);
      groups.push([]);
    }
    groups[groups.length - 1].push(sentence.slice(tokens[i].start, tokens[i].end));
  }
  if (groups.length < 2) return null;
  const whole = parseCached(ctx, sentence);
  if (!whole.ok) return null;
  // which groups the whole reading took its phrases from, each phrase once ("3月底前…,3月底…" uses one group)
  const used = groups.map(() => false);
  for (const m of whole.detail.matched) {
    // a year alone dates no clause: the whole reading takes the first written year from wherever it stands
    if (PURE_YEAR.test(m)) continue;
    const k = groups.findIndex((g, i) => !used[i] && g.some((t) => m.includes(t)));
    if (k >= 0) used[k] = true;
  }
  const usedGroups = used.filter(Boolean).length;
  // "从3月25日开始,…,4月10日前打完垄,4月15日前栽完土豆,4月16日全面掀起…": the start and its end read
  // together are one commitment, each later clause with a date of its own another
  let head = 0;
  // "(二)摸底和集中整治阶段(5月-8月) …,并分别于6月底和7月底报送阶段性报告": a stage named with its own
  // dates heads the clause; the deadlines after it are milestones inside it, each an item of its own
  const stageLead = STAGE_HEAD.test(sentence.slice(0, cuts[1])) && timeOf(ctx, sentence.slice(0, cuts[1])) !== null;
  // "每周三开设…信箱,每月开展1次…班会(3月…6月)": clauses that each name a cadence of their own are
  // separate duties, even when the whole reading took its window from a later one
  const ownCadences =
    usedGroups > 1
      ? cuts.map((cut, k) => timeOf(ctx, sentence.slice(cut, k + 1 < cuts.length ? cuts[k + 1] : sentence.length))?.schedule.recurrence ?? null)
      : [];
  const cadenceClauses = ownCadences.length > 1 && ownCadences.every(Boolean) && new Set(ownCadences).size > 1;
  if (usedGroups > 1 && !stageLead && !cadenceClauses) {
    const lastUsed = used.lastIndexOf(true);
    if (!used.slice(0, lastUsed + 1).every(Boolean) || lastUsed + 1 >= groups.length || !whole.schedule.window || !whole.schedule.deadline) return null;
    if (whole.schedule.window.start === whole.schedule.window.end) return null;
    head = lastUsed;
  }
  const segmentCuts = head > 0 ? [cuts[0], ...cuts.slice(head + 1)] : cuts;
  const segments = segmentCuts.map((c, k) => sentence.slice(c, k + 1 < segmentCuts.length ? segmentCuts[k + 1] : sentence.length));
  if (segments.some((seg) => isCircumstance(seg.replace(/^[\s和及与并以]+/, '')))) return null;
  const reads = segments.map((seg) => timeOf(ctx, seg));
  if (reads.some((r) => r === null)) return null;
  // "4/16(四)、4/17(五)期中考": a segment that is nothing but its time lists the days of one event
  const bare = (seg: string, r: TimeRead) =>
    r.detail.matched.reduce((x, m) => x.split(m).join(''), seg).replace(/[\s(（][一二三四五六日天][)）]|[\s,，、;；和及与并以前]/g, '') === '';
  if (segments.some((seg, k) => bare(seg, reads[k]!))) return null;
  // "11—12月份,全年党风廉政建设…存在问题,进行总结": a later 全年 qualifies a noun, it dates nothing
  // ("2021年为集中攻坚阶段" names a year of its own: that is a time)
  const wholeYear = (x: Schedule) => !x.deadline && !x.recurrence && x.window?.start === '01' && x.window.end === '12' && x.year === null;
  if (reads.slice(1).some((r) => wholeYear(r!.schedule))) return null;
  const keys = reads.map((r) => timeKey(r!.schedule));
  // two clauses of one time are two duties when each names its own ("3月底前完成规划设计,3月底完成道路建设")
  if (new Set(keys).size < 2 && segments.length < 2) return null;
  const first = reads[0]!.schedule;
  // Only times of one kind are parallel commitments (two months, two deadlines, two cadences);
  // "10月份组织评议,年底前督促整改到位" is one commitment with its follow-up.
  // A part of one month with its own end ("5月上旬", "6月10日至20日") is a milestone like a deadline:
  // "力争4月末完成图纸设计,5月上旬开工兴建,11月上旬完工" are three.
  const kindOf = (x: Schedule) =>
    x.recurrence ? 'recurrence' : x.deadline && (!x.window || (x.window.start === x.window.end && x.deadline.startsWith(x.window.end))) ? 'deadline' : 'window';
  const kinds = new Set(
    reads.slice(head > 0 || stageLead || (segments.length >= 3 && WHOLE_YEAR_LEAD.test(segments[0])) ? 1 : 0).map((r) => kindOf(r!.schedule)),
  );
  if (kinds.size > 1) return null;
  const isLead =
    segments.length >= 3 &&
    WHOLE_YEAR_LEAD.test(segments[0]) &&
    !first.deadline &&
    (first.recurrence === 'yearly' || (first.window?.start === '01' && first.window.end === '12'));
  const starts = segmentCuts.map((c) => offset + c);
  return isLead ? { starts: starts.slice(1), lead: segments[0] } : { starts, lead: null };
}

/**
 * Signs that a dated line is not a commitment of the plan: a calendar event that happens by itself
 * (放假, 开学, 上课) or a document's own metadata (成文日期, 发文字号).
 */
const CALENDAR_EVENT =
  /放假|[寒暑]假(?:从|自|時間|时间)|(?:开始|準時|准时|開始)上[课課]|开学日|開學日|正式上课|正式上課|补上课|補上課|按周[一二三四五六日]的?课表上课|纪念日|紀念日|调休|調休|上[课課]时间|上[课課]時間|开学时间|開學時間|上周[一二三四五六日]的[课課]|学生离校|學生離校|节假期|節假期|假期[\d一二三四五六七八九十]+天/;
const DOC_METADATA = /发文单位|成文日期|发文字号|发布日期|发布：|发布:|下载文档|浏览次数/;

const ISSUER_DATE =
  /^\s*[\u4e00-\u9fff（）()]{2,24}(?:学校|小学|中学|大学|学院|幼儿园|委员会|政府|办公室|局|处|部|中心|委|院|所|站|社区|村委会|居委会|镇|乡|街道办事处|街道|科|室)\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$/;
const DAY_IS = /^\s*(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*[,，]?\s*是/;
const QUALIFICATION = /(?:日|月)(?:以?后|以?前)出生|具备[^。；;]{0,30}条件|资格条件/;

const CALENDAR_ACTION = /组织|开展|召开|举行|完成|做好|部署|检查/;

/** A clause that ends on the school calendar's own event: "2022年9月1日开学", "2月26日准时上课". */
const CALENDAR_CLAUSE_END = /(?:开学|開學|上[课課]|報到日|报到日)$/;

/**
 * A dated line that is only a calendar fact: every clause of it names the school calendar's own
 * event (放假, 开学, 正式上课, 补上课, a 纪念日) or only a time, and none asks for something to be done
 * ("4/4 清明节放假1天", "学生寒假从1月15日开始至2月24日结束,教师寒假从1月22日开始"). A line that also
 * names a task ("9月2日教职工报到,4日老生正式上课") is kept.
 */
export function isCalendarFact(quote: string): boolean {
  if (CALENDAR_ACTION.test(quote)) return false;
  const clauses = quote
    .replace(/[（(][^）)]{0,30}(?:[)）]|$)/g, '')
    .replace(/[A-Za-z][A-Za-z0-9 '’&.,\-]*/g, '')
    .split(/[，,；;。！!\s]|(?<!\d)\d{1,2}[.、．](?!\d)/)
    .map((c) => c.trim())
    .filter((c) => /[\u4e00-\u9fff]{2}/.test(c));
  if (clauses.length === 0) return false;
  let event = false;
  for (const c of clauses) {
    if (CALENDAR_EVENT.test(c) || CALENDAR_CLAUSE_END.test(c)) event = true;
    // a short fragment cut off in mid-phrase beside it ("课后才艺第", from the line above) says nothing to do
    else if (!/^[\d\s/~～\-—至到月日年第周()（）一二三四五六七八九十上下午]*$/.test(c) && !(c.length <= 8 && /[第的和及与之]$/.test(c))) return false;
  }
  return event;
}

function doubtOf(quote: string): { penalty: number; note: string } | null {
  if (DOC_METADATA.test(quote)) return { penalty: 0.4, note: '像是文件的发布信息（发文单位、成文日期等），不是计划事项' };
  if (CALENDAR_EVENT.test(quote) && !/组织|开展|召开|举行|完成|做好|部署|检查/.test(quote))
    return { penalty: 0.25, note: '像是校历上的日子（放假、开学、上课），不是要督办的事项' };
  // "文安县第一小学队列体操比赛通知⏎为了…", "标 题: …关于办理…建议的通知", "…2023年上半年…招聘公告!": its time
  // was read from a document's title line (a notice's own or a linked one), which dates the document, not a task
  if (TITLE_LINE.test(quote.split('\n')[0])) return { penalty: 0.25, note: '时间取自文件标题所在的段落，请确认这是计划事项而不是文件本身' };
  // "信息上报数与任务完成情况,列入年底考核内容": how a result is weighed, not when something is done
  if (/(?:列入|纳入|计入|作为)[^，,。；;]{0,6}(?:年底|年终|年度|季度|期末)(?:考核|考评|评比|评价)/.test(quote))
    return { penalty: 0.2, note: '时间只出现在“列入年底考核”等说法中，说的是如何考核，不是何时办' };
  // "(起止时间:5月1日—9月30日)" on a line of its own: a note on the line above, not a task
  if (/^\s*[（(][^（）()]{0,40}[)）]\s*$/.test(quote)) return { penalty: 0.2, note: '只是一段括号里的时间说明，请确认它是单独的事项' };
  return null;
}

/** A line that is a document's title: "…通知", "…公告!", "标题：…"; not a dated entry ("2/23发课后才艺简章"). */
const TITLE_LINE = /^[\s|｜]*标\s*题\s*[:：]|^(?![\s\d])[^，,。；;:：]{4,60}(?:通知|公告|通告|简章|方案)\s*[!！]?[|｜\s]*$/;

/** "第 一 季 度": the spaces a web page or PDF puts between the characters of a cell. */
function unspaced(cell: string): string {
  return cell.replace(/(?<=[\u4e00-\u9fff])[\s\u3000]+(?=[\u4e00-\u9fff])/g, '');
}

const HAN_WORD = /[\u4e00-\u9fff]{2}/;
const NUMERAL_HAN = /[一二三四五六七八九十百零〇两]/g;

/** A cell that is only a time ("3月1日-3月7日", "第三周"), not a task that mentions one. */
function isPureTimeCell(ctx: Ctx, c: string): boolean {
  const spelled = spellDottedDates(unspaced(c));
  const t = timeOf(ctx, spelled);
  return t !== null && isPureTime(spelled, t.detail);
}

/** The heading names the item, unless it is a generic label ("工作要求", "保障措施"): then the body does. */
function titleOf(quote: string, heading: string | null): string {
  if (heading && (headingMode(heading) !== null || isTimeLabel(heading))) {
    // a block's list ("九月份：1、…2、…") is named by its first task, without the list marker
    const body = quote
      .slice(quote.indexOf(heading) + heading.length)
      .replace(/^[\s。.:：]+/, '')
      .replace(/^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]\s*/, '');
    if (body) return makeTitle(body, null);
  }
  return makeTitle(quote, heading);
}

/** Evidence kinds that come once per event: as many as the item's required count ("不少于2次"). */
const PER_EVENT = new Set(['会议记录', '签到表', '活动记录', '走访记录']);

function evidenceFor(text: string, schedule: Schedule | null): EvidenceSuggestion[] {
  const times = schedule?.times ?? 1;
  return suggestEvidence(text).map((e) => (PER_EVENT.has(e.kind) && times > 1 ? { ...e, min: times } : e));
}

function timeKey(s: Schedule): string {
  return JSON.stringify([s.window, s.deadline, s.recurrence]);
}

function gatherIntros(node: OutlineNode, out: Set<Para>): void {
  if (node.listIntro) out.add(node.listIntro);
  for (const child of node.children) gatherIntros(child, out);
}

/** The text says nothing but its time: "九月份：", "第一季度", "3月份工作安排". */
function isPureTime(text: string, detail: ScheduleDetail): boolean {
  let rest = text;
  for (const m of detail.matched) rest = rest.split(m).join('');
  rest = rest.replace(/[\s:：,，。、.()（）\-—]|份|工作|重点|主要|具体|安排|计划|内容|任务|行事历|月历|要点/g, '');
  return rest.length === 0 && detail.matched.length > 0;
}

/** A field's value that is only its time, maybe with a clock time or a bracketed note ("6月下旬(周四、五两天)", "2020年6月1日20:00"). */
function saysOnlyTime(value: string, detail: ScheduleDetail): boolean {
  let rest = value;
  for (const m of detail.matched) rest = rest.split(m).join('');
  rest = rest.replace(/[(（][^()（）]{0,20}[)）]|(?:[上下]午|晚上?)?\s*\d{1,2}\s*[:：]\s*\d{2}/g, '');
  return detail.matched.length > 0 && rest.replace(/[\s:：,，。、.\-—]/g, '') === '';
}

function contextModeHard(node: OutlineNode, skipSelf: boolean): Mode | null {
  for (let n: OutlineNode | null = skipSelf ? node.parent : node; n && n.type !== 'root'; n = n.parent) {
    const h = headingMode(n.title);
    if (h === 'problems' || h === 'background') return h;
  }
  return null;
}

export { truncate, stripEndPunct };
