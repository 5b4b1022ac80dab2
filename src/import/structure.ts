/**
 * The outline of a Chinese work plan: part titles (篇1/第一篇), numbered headings
 * (一、 (一) 1、 (1) ① 一是 …), body paragraphs, and 一是…二是… enumerations inside a paragraph.
 * Pure text work: no time expressions are read here.
 *
 * All offsets are UTF-16 indices into the text given, so every quote is an exact slice.
 */

export type MarkerType = 'chapter' | 'cn' | 'pcn' | 'num' | 'pnum' | 'nump' | 'circ' | 'ordinal' | 'enum' | 'label';

export interface Span {
  start: number;
  end: number;
}

export interface Para extends Span {
  /** 1-based line number of the paragraph's first character. */
  line: number;
}

export interface Marker {
  type: MarkerType;
  /** The ordinal as a number (一 → 1, ③ → 3). */
  value: number;
  /** The marker's text, e.g. "（一）". */
  text: string;
}

export interface OutlineNode {
  type: MarkerType | 'root';
  marker: Marker | null;
  /** The marker line (null for the root). */
  para: Para | null;
  /** Text of the line after the marker. */
  content: Span | null;
  /** First sentence of the line after the marker, without its final punctuation. */
  title: string;
  /** The line is a title only: one short sentence. */
  titleOnly: boolean;
  /** Unnumbered paragraphs after the marker line, before any child. */
  body: Para[];
  /** Unnumbered paragraphs that come after the node's children. */
  trailing: Para[];
  children: OutlineNode[];
  parent: OutlineNode | null;
  /** The paragraph that introduced the list this node belongs to ("…如下:"). */
  listIntro: Para | null;
}

const CN_DIGITS = '一二三四五六七八九十百零〇两';
const CN = `[${CN_DIGITS}]+`;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

const MARKERS: Array<[MarkerType, RegExp]> = [
  ['chapter', new RegExp(`^第(${CN}|\\d{1,2})(?:章|部分|节)[\\s:：、]*`)],
  ['pcn', new RegExp(`^[（(]\\s*(${CN})\\s*[)）][\\s、.．]*`)],
  ['cn', new RegExp(`^(${CN})\\s*(?:[、．]|\\.(?!\\d))\\s*`)],
  ['pnum', /^[（(]\s*(\d{1,2})\s*[)）][\s、.．]*/],
  ['num', /^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*/],
  ['nump', /^(\d{1,2})[)）]\s*/],
  ['circ', new RegExp(`^([${CIRCLED}])\\s*`)],
  ['ordinal', new RegExp(`^第(${CN})[，,、:：]\\s*`)],
  ['enum', new RegExp(`^(${CN})(?:是|要)(?![的否])\\s*`)],
];

/** Chinese numerals up to 999, Arabic digits, circled numbers. */
export function numeralValue(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const circled = CIRCLED.indexOf(s);
  if (circled >= 0) return circled + 1;
  const digit: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in digit) current = digit[ch];
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    }
  }
  return total + current;
}

const LEADING_SPACE = /^[\s\u3000\u00a0\ufeff]+/;
const TRAILING_SPACE = /[\s\u3000\u00a0]+$/;

/** Non-empty lines, each one paragraph, with exact offsets (leading and trailing blanks excluded). */
export function paragraphs(text: string, from = 0, to = text.length, firstLine = 1): Para[] {
  const out: Para[] = [];
  let line = firstLine;
  let pos = from;
  while (pos < to) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    const raw = text.slice(pos, nl);
    const lead = LEADING_SPACE.exec(raw)?.[0].length ?? 0;
    const trail = TRAILING_SPACE.exec(raw)?.[0].length ?? 0;
    if (lead < raw.length) {
      const para = { start: pos + lead, end: nl - trail, line };
      for (const part of HTML_BLOCK.test(raw) ? splitHtmlBlocks(text, para) : [para]) {
        if (part.end - part.start >= RUN_ON_MIN) out.push(...splitRunOn(text, part));
        else out.push(part);
      }
    }
    line++;
    pos = nl + 1;
  }
  return joinBrokenBrackets(text, out);
}

/**
 * "…均于2016年2月22日(2月21" / "日报到)正式开学。": a line broken inside a bracket (a PDF's or a
 * narrow cell's line end) goes on on the next line when that line closes the bracket soon.
 */
function joinBrokenBrackets(text: string, paras: Para[]): Para[] {
  const out: Para[] = [];
  for (const p of paras) {
    const prev = out[out.length - 1];
    if (prev && prev.line + 1 === p.line) {
      const a = text.slice(prev.start, prev.end);
      const b = text.slice(p.start, Math.min(p.end, p.start + 16));
      const open = /[（(][^）)]{0,20}$/.test(a);
      if (open && /^[^（()）\n]{0,14}[)）]/.test(b) && !/^\s*[|｜]/.test(b)) {
        prev.end = p.end;
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

/** A page saved with its markup: "<p class=…>…</p><p>…</p>", "…<br/>…". */
const HTML_BLOCK = /<\/p>|<br\s*\/?>|<\/div>/i;
const HTML_BREAK = /<\/?(?:p|div|li|h[1-6])\b[^>]*>|<br\s*\/?>/gi;

/** The blocks of a line of HTML: a paragraph between its <p>, <div>, <li> or <br> tags, the tags left out. */
function splitHtmlBlocks(text: string, para: Para): Para[] {
  const slice = text.slice(para.start, para.end);
  const out: Para[] = [];
  let from = 0;
  const push = (a: number, b: number) => {
    let start = para.start + a;
    let end = para.start + b;
    while (start < end && /[\s\u3000\u00a0]/.test(text[start])) start++;
    while (end > start && /[\s\u3000\u00a0]/.test(text[end - 1])) end--;
    if (end > start) out.push({ start, end, line: para.line });
  };
  HTML_BREAK.lastIndex = 0;
  for (let m = HTML_BREAK.exec(slice); m; m = HTML_BREAK.exec(slice)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, slice.length);
  return out;
}

/** A line this long may be a whole page run together (its line breaks lost): "…制定本办法。一、指导思想…二、目标任务…". */
const RUN_ON_MIN = 200;
const INLINE_SECTION = /(?<=[。！？；;”）)]|^)\s*([一二三四五六七八九十]{1,2})、|([一二三四五六七八九十]{1,2})、(?=[^，,。；;：:]{2,10}[:：])/g;

/**
 * A paragraph that is a page run together: cut before each of its 一、二、三、… section markers
 * written after a sentence end, when at least three of them follow in order (one, two, three…).
 * The parts keep the line of the paragraph.
 */
function splitRunOn(text: string, para: Para): Para[] {
  const slice = text.slice(para.start, para.end);
  const cuts: number[] = [];
  let want = 1;
  INLINE_SECTION.lastIndex = 0;
  for (let m = INLINE_SECTION.exec(slice); m; m = INLINE_SECTION.exec(slice)) {
    const numeral = m[1] ?? m[2];
    if (numeralValue(numeral) !== want) continue;
    cuts.push(m.index + m[0].length - numeral.length - 1);
    want++;
  }
  if (cuts.length < 3) return [para];
  const out: Para[] = [];
  const bounds = cuts[0] > 0 ? [0, ...cuts] : cuts;
  bounds.forEach((from, k) => {
    let start = para.start + from;
    let end = k + 1 < bounds.length ? para.start + bounds[k + 1] : para.end;
    while (start < end && /[\s\u3000]/.test(text[start])) start++;
    while (end > start && /[\s\u3000]/.test(text[end - 1])) end--;
    if (end > start) out.push({ start, end, line: para.line });
  });
  return out;
}

export function matchMarker(line: string): Marker | null {
  for (const [type, re] of MARKERS) {
    const m = re.exec(line);
    if (m) return { type, value: numeralValue(m[1]), text: m[0] };
  }
  return null;
}

/** Sentence ends: 。！？；; and their ASCII forms (a '.' only when not between digits). */
const SENTENCE_END = /[。！？!?；;]+|\.(?!\d)(?<!\d\.)/g;

/** Sentences of text[span] as spans; the end punctuation belongs to its sentence. */
export function sentences(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let start = span.start;
  const slice = text.slice(span.start, span.end);
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(slice); m; m = SENTENCE_END.exec(slice)) {
    const end = span.start + m.index + m[0].length;
    // a closing quote after the stop still belongs to the sentence
    let e = end;
    while (e < span.end && /[”’"」』)）]/.test(text[e])) e++;
    pushTrimmed(text, out, start, e);
    start = e;
    SENTENCE_END.lastIndex = e - span.start;
  }
  pushTrimmed(text, out, start, span.end);
  return out;
}

/** Longer "sentences" (a page without a full stop) are cut at commas, so no single read is huge. */
export const MAX_SENTENCE = 600;

function pushTrimmed(text: string, out: Span[], start: number, end: number): void {
  while (start < end && /[\s\u3000\u00a0]/.test(text[start])) start++;
  while (end > start && /[\s\u3000\u00a0]/.test(text[end - 1])) end--;
  while (end - start > MAX_SENTENCE) {
    let cut = start + MAX_SENTENCE;
    for (let i = cut - 1; i > start + MAX_SENTENCE / 2; i--) {
      if (/[，,、:：\s]/.test(text[i])) {
        cut = i + 1;
        break;
      }
    }
    out.push({ start, end: cut });
    start = cut;
  }
  if (end > start) out.push({ start, end });
}

/** Clauses of a sentence, split at commas and colons (not at 、, which joins nouns). */
export function clauses(s: string): string[] {
  return s
    .split(/[，,：:]/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

const END_PUNCT = new Set('。！？!?；;，,：:、. \t\n\r\u3000\u00a0\ufeff');

/** The text without its final punctuation and blanks (a loop from the end: an end-anchored regex is quadratic on long runs). */
export function stripEndPunct(s: string): string {
  let end = s.length;
  while (end > 0 && (END_PUNCT.has(s[end - 1]) || /\s/.test(s[end - 1]))) end--;
  return s.slice(0, end).trim();
}

// ---------------------------------------------------------------------------------------------
// Part titles: one document, several plans

export interface PartTitle {
  para: Para;
  title: string;
}

const PART_TITLE = [
  new RegExp(`^(.{2,60}?)\\s*(?:篇|范文)\\s*(\\d{1,3}|${CN})$`),
  new RegExp(`^第(?:\\d{1,3}|${CN})篇(?:[\\s:：、]+.{0,60})?$`),
  new RegExp(`^(?:范文|篇)\\s*(?:\\d{1,3}|${CN})(?:[\\s:：、]+.{0,60})?$`),
];

/** Lines that open one plan of a collection ("乡镇人大工作工作计划篇1", "第二篇", "范文3：…"). */
export function findPartTitles(text: string, paras: Para[]): PartTitle[] {
  const out: PartTitle[] = [];
  for (const p of paras) {
    if (p.end - p.start > 70) continue;
    const line = text.slice(p.start, p.end);
    if (/[。；;，,]$/.test(line)) continue;
    if (PART_TITLE.some((re) => re.test(line))) out.push({ para: p, title: line });
  }
  return out;
}

/** A first line that reads as a document title (short, no final stop, names a plan). */
export function looksLikeTitle(line: string): boolean {
  if (line.length > 60 || /[。；;，,:：]$/.test(line) || matchMarker(line)) return false;
  return /计划|計劃|計畫|方案|要点|要點|安排|打算|台账|任务|清单|规划|工作思路|总结|汇报|报告|通知|意见|实施细则|行事历|活动表|安排表|校历|日程|进度表|计划表|一览表/.test(
    line,
  );
}

// ---------------------------------------------------------------------------------------------
// Outline

function newNode(type: OutlineNode['type'], parent: OutlineNode | null): OutlineNode {
  return { type, marker: null, para: null, content: null, title: '', titleOnly: false, body: [], trailing: [], children: [], parent, listIntro: null };
}

/** Positions of an enumeration 一是…二是…(三是…) inside text[span]; null when there is none. */
export interface EnumPart {
  marker: Span;
  /** The item's text after its marker. */
  content: Span;
}

const CN_SMALL = '一二三四五六七八九十';
/** Enumeration families found inside a paragraph: 一是/一要, 1、/1., (1)/（1）, ①. */
const INLINE_FAMILIES: Array<{ re: RegExp; firstMayFollowText: boolean }> = [
  { re: new RegExp(`([${CN_SMALL}]{1,2})(是|要)(?![的否])`, 'g'), firstMayFollowText: true },
  { re: /(\d{1,2})([、．]|\.(?!\d))/g, firstMayFollowText: false },
  { re: /[（(](\d{1,2})([)）])/g, firstMayFollowText: false },
  { re: new RegExp(`([${CIRCLED}])()`, 'g'), firstMayFollowText: true },
];
const BEFORE_FIRST_STOP = /[第统唯万之合同单专归若]/;
const BOUNDARY = /[\s。！？!?；;，,：:、]/;

/**
 * An enumeration inside text[span] — "一是…；二是…", "具体办法有:1、…。2、…", "（1）…（2）…" —
 * as the positions of its parts; null when there is none (fewer than two parts in sequence).
 */
export function findEnumeration(text: string, span: Span): EnumPart[] | null {
  const slice = text.slice(span.start, span.end);
  let best: Array<{ index: number; length: number }> = [];
  for (const family of INLINE_FAMILIES) {
    const hits: Array<{ value: number; suffix: string; index: number; length: number; bounded: boolean; blocked: boolean }> = [];
    family.re.lastIndex = 0;
    for (let m = family.re.exec(slice); m; m = family.re.exec(slice)) {
      const before = m.index > 0 ? slice[m.index - 1] : '';
      if (before && /[一二三四五六七八九十\d.．]/.test(before)) continue;
      hits.push({
        value: numeralValue(m[1]),
        suffix: m[2],
        index: m.index,
        length: m[0].length,
        bounded: !before || BOUNDARY.test(before) || before === '“',
        blocked: !!before && BEFORE_FIRST_STOP.test(before),
      });
    }
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      if (h.value !== 1 || h.blocked || !(h.bounded || family.firstMayFollowText)) continue;
      const run = [h];
      for (let j = i + 1; j < hits.length; j++) {
        const last = run[run.length - 1];
        if (hits[j].value === 1 && hits[j].bounded) break; // a new enumeration starts
        if (hits[j].value === last.value + 1 && hits[j].suffix === last.suffix && hits[j].bounded) run.push(hits[j]);
      }
      if (run.length >= 2 && (run.length > best.length || (run.length === best.length && run[0].index < best[0].index))) best = run;
    }
  }
  if (best.length < 2) return null;
  return best.map((h, k) => {
    const mStart = span.start + h.index;
    const cStart = mStart + h.length;
    const cEnd = k + 1 < best.length ? span.start + best[k + 1].index : span.end;
    return { marker: { start: mStart, end: cStart }, content: trimSpan(text, { start: cStart, end: cEnd }) };
  });
}

export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /[\s\u3000\u00a0]/.test(text[start])) start++;
  while (end > start && /[\s\u3000\u00a0]/.test(text[end - 1])) end--;
  return { start, end };
}

function firstSentence(text: string, span: Span): Span {
  const ss = sentences(text, span);
  return ss[0] ?? span;
}

const LIST_LEVEL = new Set<OutlineNode['type']>(['num', 'pnum', 'nump', 'circ', 'enum', 'ordinal']);

export function isLabel(p: string): boolean {
  return p.length <= 16 && !/[。；;，,！？!?：:、]/.test(p);
}

/** A paragraph that opens a list: ends with a colon ("…如下:"), or a short label such as "九月份". */
function isIntro(p: string): boolean {
  return /[:：]$/.test(p) || (p.length <= 12 && !/[。；;，,！？!?]/.test(p));
}

function isBare(n: OutlineNode): boolean {
  return n.body.length === 0 && n.children.length === 0 && n.trailing.length === 0;
}

/**
 * Builds the heading tree of one plan body. A marker type already open on the stack closes the
 * levels below it (so the order 一、 > (一) > 1、 > (1) is learned from the document, not assumed).
 * An unnumbered paragraph belongs to the open heading, unless that heading is one of a list of
 * bare one-line items: then the list is over and the paragraph belongs to the list's parent.
 */
export function buildOutline(text: string, paras: Para[]): OutlineNode {
  const root = newNode('root', null);
  const stack: OutlineNode[] = [root];
  /** What was added last under each node: the previous sibling or a paragraph. */
  const lastAdded = new Map<OutlineNode, OutlineNode | Para>();

  for (const para of paras) {
    const line = text.slice(para.start, para.end);
    let marker = matchMarker(line);
    if (marker?.type === 'enum' && marker.value === 1 && findEnumeration(text, para)) marker = null;
    if (marker && marker.type === 'enum' && marker.value !== 1 && !stack.some((n) => n.type === 'enum')) {
      // "二是…" without an open "一是…" list is prose, unless the previous paragraph was "一是…"
      const top = stack[stack.length - 1];
      if (!(top.children.length && top.children[top.children.length - 1].type === 'enum')) marker = null;
    }
    // A short unnumbered line with no punctuation is a heading whose number was lost (Word's
    // automatic numbering is not in the text) or never written: "加强代表工作", "九月份".
    if (!marker && isLabel(line)) marker = { type: 'label', value: 0, text: '' };
    if (marker) {
      const idx = stack.findIndex((n) => n.type === marker!.type);
      if (idx >= 1) stack.length = idx;
      const parent = stack[stack.length - 1];
      const node = newNode(marker.type, parent);
      node.marker = marker;
      node.para = para;
      node.content = trimSpan(text, { start: para.start + marker.text.length, end: para.end });
      const first = firstSentence(text, node.content);
      node.title = stripEndPunct(text.slice(first.start, first.end));
      node.titleOnly = first.end >= node.content.end - 1 && node.title.length <= 40;
      const prev = lastAdded.get(parent);
      if (prev && 'type' in prev && prev.type === marker.type && marker.value !== 1) node.listIntro = prev.listIntro;
      else if (prev && !('type' in prev) && isIntro(text.slice(prev.start, prev.end))) node.listIntro = prev;
      parent.children.push(node);
      lastAdded.set(parent, node);
      stack.push(node);
      continue;
    }
    let top = stack[stack.length - 1];
    const intro = isIntro(line);
    while (top !== root && top.children.length === 0 && top.body.length === 0) {
      // "十月份：" after the items of "九月份：" opens the next list, it does not explain the last item
      if (intro && LIST_LEVEL.has(top.type)) {
        stack.pop();
        top = stack[stack.length - 1];
        continue;
      }
      const siblings = top.parent!.children;
      const before = siblings.slice(0, siblings.indexOf(top)).filter((s) => s.type === top.type);
      if (before.length === 0 || !before.every(isBare)) break;
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top.children.length > 0) top.trailing.push(para);
    else top.body.push(para);
    lastAdded.set(top, para);
  }
  return root;
}

/** Titles of the headings above a node (the root excluded). */
export function sectionPath(node: OutlineNode | null): string[] {
  const path: string[] = [];
  for (let n = node; n && n.type !== 'root'; n = n.parent) path.unshift(n.title);
  return path;
}
