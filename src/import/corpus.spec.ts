import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCorpus, loadCorpus, type CorpusReport } from './corpus.js';
import { byCategory, confidenceSplit, type Truth } from './eval.js';

// The development corpus (test/fixtures/plans) held to the levels reached (corpus-floor.json), and
// the seven sample plans held to 1.000. The target is 0.95 everywhere; until the grammar
// gets there this is a floor that fails when a change reads the corpus worse.
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');
const floor = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), 'corpus-floor.json'), 'utf8')) as {
  documents: string[];
  overall: Record<'precision' | 'recall' | 'fieldAccuracy', number>;
  categories: Record<string, Record<'precision' | 'recall' | 'fieldAccuracy', number>>;
  confidence: { confidentPrecision: number; realAtOrAboveShare: number; falseBelowShare: number };
};

describe('the corpus against its ground truth', () => {
  let report: CorpusReport;
  let found: string[];

  beforeAll(async () => {
    const { documents } = await loadCorpus(resolve(fixtures, 'plans'));
    found = documents.map((d) => d.name);
    report = evaluateCorpus(documents.filter((d) => floor.documents.includes(d.name)));
  });

  it('has every document the floor was measured on', () => {
    expect(floor.documents.filter((d) => !found.includes(d))).toEqual([]);
    expect(report.documents.length).toBe(floor.documents.length);
    expect(report.overall.truth).toBeGreaterThanOrEqual(300);
  });

  it('keeps precision, recall and field accuracy at or above the floor overall', () => {
    const o = report.overall;
    expect({
      precision: o.precision >= floor.overall.precision,
      recall: o.recall >= floor.overall.recall,
      fields: o.fieldAccuracy >= floor.overall.fieldAccuracy,
    }).toEqual({
      precision: true,
      recall: true,
      fields: true,
    });
  });

  it('keeps every category with ten or more items at or above its floor', () => {
    const below: string[] = [];
    for (const c of byCategory(report.records)) {
      const f = floor.categories[c.category];
      if (!f) continue;
      if (c.precision < f.precision) below.push(`${c.category} precision ${c.precision.toFixed(3)} < ${f.precision}`);
      if (c.recall < f.recall) below.push(`${c.category} recall ${c.recall.toFixed(3)} < ${f.recall}`);
      if (c.fieldAccuracy < f.fieldAccuracy) below.push(`${c.category} fields ${c.fieldAccuracy.toFixed(3)} < ${f.fieldAccuracy}`);
    }
    expect(below).toEqual([]);
  });

  // Of the items shown at or above the review threshold, the share that are real: a rule that drops a
  // false item outright (a calendar fact, a metadata row) must not count against the confidence, as a
  // share of false items flagged for review would.
  it('keeps the items at or above the review threshold real, and real items above it, at least as often as before', () => {
    const s = confidenceSplit(report.records);
    const confident = s.realAtOrAbove + (s.falseItems - s.falseBelow);
    expect(s.realAtOrAbove / confident).toBeGreaterThanOrEqual(floor.confidence.confidentPrecision);
    expect(s.realAtOrAbove / s.realItems).toBeGreaterThanOrEqual(floor.confidence.realAtOrAboveShare);
    // the criterion: most of the false items that are left sit below the threshold
    expect(s.falseBelow / Math.max(1, s.falseItems)).toBeGreaterThanOrEqual(floor.confidence.falseBelowShare);
  });

  it('keeps the seven sample plans at 1.000 when scored the corpus way', () => {
    const text = readFileSync(resolve(fixtures, 'township-work-plans.txt'), 'utf8');
    const truth = JSON.parse(readFileSync(resolve(fixtures, 'sample-plans.truth.json'), 'utf8')) as Truth;
    const samples = evaluateCorpus([{ name: 'samples', path: '', text, truth }]);
    expect([samples.overall.precision, samples.overall.recall, samples.overall.fieldAccuracy]).toEqual([1, 1, 1]);
  });
});
