/**
 * Scores extraction against hand-checked ground truth (test/fixtures/sample-plans.truth.json):
 * precision and recall of timed items, and how often the window, deadline and recurrence of a
 * correctly found item are right. Used by scripts/eval-extract.ts and by samples.spec.ts.
 */
import type { Schedule } from '../schedule/index.js';
import { extractPlans, type ExtractedItem, type ExtractOptions } from './extract.js';

export interface TruthTimed {
  quote: string;
  window: Schedule['window'];
  deadline: string | null;
  recurrence: Schedule['recurrence'];
  times: number | null;
  year: number | null;
  note?: string;
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

export interface PlanScore {
  title: string;
  truth: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** Share of matched items whose field is right (1 when nothing was matched). */
  accuracy: Record<Field, number>;
  correct: Record<Field, number>;
  problems: string[];
}

export interface EvalReport {
  plans: PlanScore[];
  overall: Omit<PlanScore, 'title' | 'problems'>;
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

export function evaluateExtraction(text: string, truth: Truth, options: ExtractOptions = {}): EvalReport {
  const t0 = performance.now();
  const plans = extractPlans(text, options);
  const ms = performance.now() - t0;
  const scores: PlanScore[] = [];

  truth.plans.forEach((tp, k) => {
    const plan = plans.find((p) => p.title === tp.title) ?? plans[k];
    const problems: string[] = [];
    const correct = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
    const locate = (quote: string): Span | null => {
      const at = text.indexOf(quote);
      if (at < 0) {
        problems.push(`truth quote not in the text: ${quote}`);
        return null;
      }
      return { start: at, end: at + quote.length };
    };
    const predicted = plan ? plan.items.filter((i) => i.timed) : [];
    if (!plan) problems.push(`plan not found: ${tp.title}`);
    const used = new Set<ExtractedItem>();
    let tpCount = 0;

    for (const want of tp.timed) {
      const span = locate(want.quote);
      if (!span || !plan) continue;
      let best: ExtractedItem | null = null;
      let bestO = 0;
      for (const item of predicted) {
        if (used.has(item)) continue;
        const o = matches(item, span);
        if (o > bestO) {
          best = item;
          bestO = o;
        }
      }
      if (!best) {
        const asUntimed = plan.items.find((i) => matches(i, span) > 0);
        const skipped = plan.skipped.find((s) => {
          const at = text.indexOf(s.quote);
          return at >= 0 && matches({ start: at, end: at + s.quote.length }, span) > 0;
        });
        problems.push(
          `missed (FN): ${want.quote.slice(0, 40)} — ${asUntimed ? 'extracted without a schedule' : skipped ? `skipped as ${skipped.reason}` : 'not extracted'}`,
        );
        continue;
      }
      used.add(best);
      tpCount++;
      for (const f of FIELDS) {
        if (same(f, best, want)) correct[f]++;
        else problems.push(`${f} wrong: ${want.quote.slice(0, 30)} — got ${JSON.stringify(best.schedule?.[f] ?? null)}, want ${JSON.stringify(want[f])}`);
      }
    }
    for (const item of predicted) {
      if (used.has(item)) continue;
      const listed = [...tp.notCommitments, ...tp.untimed].find((e) => {
        const span = locate(e.quote);
        return span && matches(item, span) > 0;
      });
      problems.push(
        `false timed item (FP) line ${item.line}: ${item.quote.slice(0, 40)} ${JSON.stringify(item.schedule)}${listed ? ` — truth says: ${listed.reason}` : ''}`,
      );
    }
    const fp = predicted.length - tpCount;
    const fn = tp.timed.length - tpCount;
    scores.push({
      title: tp.title,
      truth: tp.timed.length,
      predicted: predicted.length,
      tp: tpCount,
      fp,
      fn,
      precision: ratio(tpCount, tpCount + fp),
      recall: ratio(tpCount, tpCount + fn),
      accuracy: Object.fromEntries(FIELDS.map((f) => [f, ratio(correct[f], tpCount)])) as Record<Field, number>,
      correct,
      problems,
    });
  });

  const sum = (f: (s: PlanScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const tpAll = sum((s) => s.tp);
  const correctAll = Object.fromEntries(FIELDS.map((f) => [f, sum((s) => s.correct[f])])) as Record<Field, number>;
  return {
    plans: scores,
    overall: {
      truth: sum((s) => s.truth),
      predicted: sum((s) => s.predicted),
      tp: tpAll,
      fp: sum((s) => s.fp),
      fn: sum((s) => s.fn),
      precision: ratio(tpAll, tpAll + sum((s) => s.fp)),
      recall: ratio(tpAll, tpAll + sum((s) => s.fn)),
      accuracy: Object.fromEntries(FIELDS.map((f) => [f, ratio(correctAll[f], tpAll)])) as Record<Field, number>,
      correct: correctAll,
    },
    ms,
  };
}

/** The measures held to the target: precision, recall, window, deadline, recurrence. */
export function belowTarget(report: EvalReport, target = 0.95): string[] {
  const out: string[] = [];
  const check = (name: string, s: Omit<PlanScore, 'title' | 'problems'>) => {
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
