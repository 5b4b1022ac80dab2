/**
 * Scores extraction against hand-checked ground truth (test/fixtures/sample-plans.truth.json and
 * the corpus test/fixtures/plans/*.truth.json): precision and recall of timed items, how often the
 * window, deadline, recurrence, count and year of a correctly found item are right, per plan, per
 * document and per category of time expression, and how well the confidence separates true items
 * from false ones. Used by scripts/eval-extract.ts, samples.spec.ts and corpus.spec.ts.
 */
import type { Schedule } from '../schedule/index.js';
import { extractPlans, REVIEW_THRESHOLD, type ExtractedItem, type ExtractedPlan, type ExtractOptions } from './extract.js';

export interface TruthTimed {
  quote: string;
  window: Schedule['window'];
  deadline: string | null;
  recurrence: Schedule['recurrence'];
  times: number | null;
  year: number | null;
  note?: string;
  /** The kind of time expression ("quarter", "rounds", "table row"…); derived from the schedule when absent. */
  category?: string;
}

export interface TruthPlan {
  index: number;
  title: string;
  year: number | null;
  mode: string;
  timed: TruthTimed[];
  notCommitments: Array<{ quote: string; reason: string }>;
  untimed: Array<{ quote: string; reason: string }>;
}

export interface Truth {
  plans: TruthPlan[];
}

export type Field = 'window' | 'deadline' | 'recurrence' | 'times' | 'year';
export const FIELDS: Field[] = ['window', 'deadline', 'recurrence', 'times', 'year'];

/** Counts behind the ratios; add up across plans, documents and categories. */
export interface Tally {
  truth: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  correct: Record<Field, number>;
  /** Matched items with every field right. */
  allCorrect: number;
}

export interface Scores extends Tally {
  precision: number;
  recall: number;
  /** Share of matched items whose field is right (1 when nothing was matched). */
  accuracy: Record<Field, number>;
  /** Share of matched items with all five fields right: what "field accuracy" means in reports. */
  fieldAccuracy: number;
}

export interface PlanScore extends Scores {
  title: string;
  problems: string[];
}

/** One truth item or one false item, for per-category and confidence figures. */
export interface ItemRecord {
  category: string;
  kind: 'tp' | 'fn' | 'fp';
  /** The extracted item's confidence (tp and fp). */
  confidence: number | null;
  /** tp: every field right. */
  allRight: boolean;
  correct: Record<Field, boolean> | null;
}

export interface EvalReport {
  plans: PlanScore[];
  overall: Scores;
  records: ItemRecord[];
  ms: number;
}

interface Span {
  start: number;
  end: number;
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** The item covers most of the truth quote (or the truth quote covers most of a short item). */
function matches(item: Span, truth: Span): number {
  const o = overlap(item, truth);
  const shorter = Math.min(item.end - item.start, truth.end - truth.start);
  return o >= 0.5 * shorter ? o : 0;
}

function same(field: Field, got: ExtractedItem, want: TruthTimed): boolean {
  const g = got.schedule;
  if (!g) return false;
  if (field === 'window') return JSON.stringify(g.window) === JSON.stringify(want.window);
  return g[field] === want[field];
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

const zeroFields = (): Record<Field, number> => Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;

export function emptyTally(): Tally {
  return { truth: 0, predicted: 0, tp: 0, fp: 0, fn: 0, correct: zeroFields(), allCorrect: 0 };
}

export function addTally(into: Tally, t: Tally): Tally {
  into.truth += t.truth;
  into.predicted += t.predicted;
  into.tp += t.tp;
  into.fp += t.fp;
  into.fn += t.fn;
  into.allCorrect += t.allCorrect;
  for (const f of FIELDS) into.correct[f] += t.correct[f];
  return into;
}

export function scoresOf(t: Tally): Scores {
  return {
    ...t,
    correct: { ...t.correct },
    precision: ratio(t.tp, t.tp + t.fp),
    recall: ratio(t.tp, t.tp + t.fn),
    accuracy: Object.fromEntries(FIELDS.map((f) => [f, ratio(t.correct[f], t.tp)])) as Record<Field, number>,
    fieldAccuracy: ratio(t.allCorrect, t.tp),
  };
}

/** Tallies of records (per category, for instance). */
export function tallyRecords(records: ItemRecord[]): Tally {
  const t = emptyTally();
  for (const r of records) {
    if (r.kind === 'fp') {
      t.fp++;
      t.predicted++;
      continue;
    }
    t.truth++;
    if (r.kind === 'fn') {
      t.fn++;
      continue;
    }
    t.tp++;
    t.predicted++;
    if (r.allRight) t.allCorrect++;
    for (const f of FIELDS) if (r.correct?.[f]) t.correct[f]++;
  }
  return t;
}

/**
 * The category of a time expression, from what it was read as and how it is written, in the
 * corpus's vocabulary (month, month-range, quarter, half-year, xun, date, deadline, year-end,
 * recurring, rounds, start-end, placeholder-year, table-row). A truth item's own category wins;
 * a false item takes the category of the truth item it overlaps, or this one.
 */
export function categoryOf(schedule: Pick<Schedule, 'window' | 'deadline' | 'recurrence' | 'times'>, quote: string): string {
  if (/\t|[|｜]/.test(quote)) return 'table-row';
  if (schedule.recurrence) return 'recurring';
  if (/第[一二三四五六七八九十\d]+轮|[一二三四五六七八九十两\d]+轮/.test(quote)) return 'rounds';
  if (/(?:20|[xX*×])[xX*×]{2}\s*年|[xX]{2}\s*年/.test(quote)) return 'placeholder-year';
  if (/旬/.test(quote)) return 'xun';
  const w = schedule.window;
  const d = schedule.deadline;
  if (w && d) return w.start === w.end && !/[至到~～—-]|开始|起/.test(quote) ? (d.endsWith('-end') ? 'month' : 'date') : 'start-end';
  if (d) return d === '12-end' ? 'year-end' : d.endsWith('-end') ? 'deadline' : 'date';
  if (w) {
    if (w.start === '01' && w.end === '12') return 'year-end';
    if (w.start === w.end) return 'month';
    const s = Number(w.start);
    const e = Number(w.end);
    if (e - s === 2 && s % 3 === 1) return 'quarter';
    if ((s === 1 && e === 6) || (s === 7 && e === 12)) return 'half-year';
    return 'month-range';
  }
  return 'count-only';
}

/**
 * Where a truth quote sits in the text: exactly, or with blanks, tabs and table bars ignored (a
 * quote copied from a Word table does not keep the cell boundaries the reader writes).
 */
export function locateQuote(text: string, quote: string, index?: LooseIndex): Span | null {
  const at = text.indexOf(quote);
  if (at >= 0) return { start: at, end: at + quote.length };
  const idx = index ?? looseIndex(text);
  const q = quote.replace(LOOSE, '');
  if (!q) return null;
  const k = idx.text.indexOf(q);
  if (k < 0) return null;
  return { start: idx.map[k], end: idx.map[k + q.length - 1] + 1 };
}

const LOOSE = /[\s\u3000|｜]/g;

export interface LooseIndex {
  text: string;
  map: number[];
}

export function looseIndex(text: string): LooseIndex {
  const chars: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/[\s\u3000|｜]/.test(c)) continue;
    chars.push(c);
    map.push(i);
  }
  return { text: chars.join(''), map };
}

/**
 * Scores the plans extracted from text against the truth. When the truth has one plan and the
 * text is read as several (a collection's parts), the parts are scored together as that plan.
 */
export function evaluateExtraction(text: string, truth: Truth, options: ExtractOptions = {}): EvalReport {
  const t0 = performance.now();
  const extracted = extractPlans(text, options);
  const ms = performance.now() - t0;
  const plans: ExtractedPlan[] =
    truth.plans.length === 1 && extracted.length > 1
      ? [{ ...extracted[0], items: extracted.flatMap((p) => p.items), skipped: extracted.flatMap((p) => p.skipped) }]
      : extracted;
  const scores: PlanScore[] = [];
  const records: ItemRecord[] = [];
  const index = looseIndex(text);

  truth.plans.forEach((tp, k) => {
    const plan = plans.find((p) => p.title === tp.title) ?? plans[k];
    const problems: string[] = [];
    const tally = emptyTally();
    const locate = (quote: string): Span | null => {
      const span = locateQuote(text, quote, index);
      if (!span) problems.push(`truth quote not in the text: ${quote}`);
      return span;
    };
    const predicted = plan ? plan.items.filter((i) => i.timed) : [];
    tally.truth = tp.timed.length;
    tally.predicted = predicted.length;
    if (!plan) problems.push(`plan not found: ${tp.title}`);
    const used = new Set<ExtractedItem>();

    for (const want of tp.timed) {
      const category = want.category ?? categoryOf(want, want.quote);
      const span = locate(want.quote);
      let best: ExtractedItem | null = null;
      let bestO = 0;
      if (span && plan) {
        for (const item of predicted) {
          if (used.has(item)) continue;
          const o = matches(item, span);
          if (o > bestO) {
            best = item;
            bestO = o;
          }
        }
      }
      if (!best || !span || !plan) {
        records.push({ category, kind: 'fn', confidence: null, allRight: false, correct: null });
        if (!span || !plan) continue;
        const asUntimed = plan.items.find((i) => matches(i, span) > 0);
        const skipped = plan.skipped.find((s) => {
          const at = text.indexOf(s.quote);
          return at >= 0 && matches({ start: at, end: at + s.quote.length }, span) > 0;
        });
        problems.push(
          `missed (FN) [${category}]: ${want.quote.slice(0, 50)} — ${asUntimed ? 'extracted without a schedule' : skipped ? `skipped as ${skipped.reason}` : 'not extracted'}`,
        );
        continue;
      }
      used.add(best);
      tally.tp++;
      const correct = Object.fromEntries(FIELDS.map((f) => [f, same(f, best, want)])) as Record<Field, boolean>;
      for (const f of FIELDS) {
        if (correct[f]) tally.correct[f]++;
        else
          problems.push(
            `${f} wrong [${category}]: ${want.quote.slice(0, 40)} — got ${JSON.stringify(best.schedule?.[f] ?? null)}, want ${JSON.stringify(want[f])}`,
          );
      }
      const allRight = FIELDS.every((f) => correct[f]);
      if (allRight) tally.allCorrect++;
      records.push({ category, kind: 'tp', confidence: best.confidence, allRight, correct });
    }
    for (const item of predicted) {
      if (used.has(item)) continue;
      const listed = [...tp.notCommitments, ...tp.untimed].find((e) => {
        const span = locateQuote(text, e.quote, index);
        return span && matches(item, span) > 0;
      });
      const near = tp.timed.find((t) => {
        const span = locateQuote(text, t.quote, index);
        return span && overlap(item, span) > 0;
      });
      const category = near ? (near.category ?? categoryOf(near, near.quote)) : categoryOf(item.schedule!, item.quote);
      records.push({ category, kind: 'fp', confidence: item.confidence, allRight: false, correct: null });
      problems.push(
        `false timed item (FP) [${category}] line ${item.line} (confidence ${item.confidence}): ${item.quote.slice(0, 50)} ${JSON.stringify(item.schedule)}${listed ? ` — truth says: ${listed.reason}` : ''}`,
      );
    }
    tally.fp = predicted.length - tally.tp;
    tally.fn = tp.timed.length - tally.tp;
    scores.push({ title: tp.title, ...scoresOf(tally), problems });
  });

  const all = emptyTally();
  for (const s of scores) addTally(all, s);
  return { plans: scores, overall: scoresOf(all), records, ms };
}

/** How the confidence separates: false items below the review threshold, real ones at or above it. */
export interface ConfidenceSplit {
  threshold: number;
  falseItems: number;
  falseBelow: number;
  realItems: number;
  realAtOrAbove: number;
}

export function confidenceSplit(records: ItemRecord[], threshold = REVIEW_THRESHOLD): ConfidenceSplit {
  const fps = records.filter((r) => r.kind === 'fp');
  const tps = records.filter((r) => r.kind === 'tp');
  return {
    threshold,
    falseItems: fps.length,
    falseBelow: fps.filter((r) => (r.confidence ?? 0) < threshold).length,
    realItems: tps.length,
    realAtOrAbove: tps.filter((r) => (r.confidence ?? 0) >= threshold).length,
  };
}

/** Per category: the scores of its records, largest category first. */
export function byCategory(records: ItemRecord[]): Array<{ category: string } & Scores> {
  const groups = new Map<string, ItemRecord[]>();
  for (const r of records) groups.set(r.category, [...(groups.get(r.category) ?? []), r]);
  return [...groups.entries()]
    .map(([category, rs]) => ({ category, ...scoresOf(tallyRecords(rs)) }))
    .sort((a, b) => b.truth - a.truth || a.category.localeCompare(b.category));
}

/** The measures held to the target: precision, recall, window, deadline, recurrence. */
export function belowTarget(report: EvalReport, target = 0.95): string[] {
  const out: string[] = [];
  const check = (name: string, s: Scores) => {
    const measures: Array<[string, number]> = [
      ['precision', s.precision],
      ['recall', s.recall],
      ['window', s.accuracy.window],
      ['deadline', s.accuracy.deadline],
      ['recurrence', s.accuracy.recurrence],
    ];
    for (const [m, v] of measures) if (v < target) out.push(`${name}: ${m} ${v.toFixed(3)} < ${target}`);
  };
  report.plans.forEach((p) => check(p.title, p));
  check('overall', report.overall);
  return out;
}
