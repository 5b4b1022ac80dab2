import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { belowTarget, evaluateExtraction, type Truth } from './eval.js';
import { extractPlans } from './extract.js';

// The seven sample plans and their hand-checked ground truth (see scripts/eval-extract.ts).
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');
const text = readFileSync(resolve(fixtures, 'township-work-plans.txt'), 'utf8');
const truth = JSON.parse(readFileSync(resolve(fixtures, 'sample-plans.truth.json'), 'utf8')) as Truth;

describe('sample plans against the ground truth', () => {
  const report = evaluateExtraction(text, truth);

  it('finds the seven plans of the collection', () => {
    expect(extractPlans(text).map((p) => p.title)).toEqual(truth.plans.map((p) => p.title));
  });

  it('keeps precision, recall and window/deadline/recurrence accuracy ≥ 0.95 per plan and overall', () => {
    const problems = report.plans.flatMap((p) => p.problems.map((x) => `${p.title}: ${x}`));
    expect({ below: belowTarget(report, 0.95), problems }).toEqual({ below: [], problems: [] });
  });

  it('reads the plan year and mode the truth gives', () => {
    const plans = extractPlans(text);
    expect(plans.map((p) => p.year)).toEqual(truth.plans.map((p) => p.year));
    // 'mixed' is a judgement call; a plain plan and a plain report must be told apart
    plans.forEach((p, k) => {
      if (truth.plans[k].mode !== 'mixed') expect(`${p.title}: ${p.mode}`).toBe(`${p.title}: ${truth.plans[k].mode}`);
    });
  });

  it('quotes exactly, titles in at most 40 characters, and points at the right line', () => {
    const lines = text.split('\n');
    for (const plan of extractPlans(text)) {
      for (const item of plan.items) {
        expect(text.slice(item.start, item.end)).toBe(item.quote);
        expect(Array.from(item.title).length).toBeLessThanOrEqual(40);
        expect(item.title.length).toBeGreaterThan(0);
        expect(item.confidence).toBeGreaterThanOrEqual(0);
        expect(item.confidence).toBeLessThanOrEqual(1);
        expect(lines[item.line - 1]).toContain(item.quote.split('\n')[0]);
        expect(item.evidence.length).toBeGreaterThan(0);
      }
    }
  });

  it('never turns a listed non-commitment or undated commitment into a timed item', () => {
    const plans = extractPlans(text);
    for (const [k, tp] of truth.plans.entries()) {
      for (const entry of [...tp.notCommitments, ...tp.untimed]) {
        const timed = plans[k].items.find((i) => i.timed && i.quote.includes(entry.quote) && !tp.timed.some((t) => i.quote.includes(t.quote)));
        expect(timed?.quote ?? null).toBeNull();
      }
    }
  });
});
