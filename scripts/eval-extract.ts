/**
 * Extraction quality against hand-checked ground truth: the seven sample plans
 * (test/fixtures/township-work-plans.txt) and every document of the corpus
 * (test/fixtures/plans/*.truth.json beside its .txt or .docx, read through the import's reader).
 *
 *   npm run eval:extract -- [--corpus test/fixtures/plans] [--target 0.95] [--quiet] [--strict]
 *
 * Run from the repository root. Prints precision, recall and field accuracy overall, per document
 * and per category of time expression, every miss, and how the confidence splits true from false
 * items at the review threshold. It is information, so it exits 0 whatever the figures; with
 * --strict it exits 1 when a measure (overall, or a category with ≥ 10 items) is below the target.
 * The floor that fails on regression is src/import/corpus.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateCorpus, loadCorpus, type CorpusDocument } from '../src/import/corpus.js';
import { byCategory, confidenceSplit, type Scores, type Truth } from '../src/import/eval.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const corpusDir = resolve(arg('corpus', 'test/fixtures/plans'));
const target = Number(arg('target', '0.95'));
const quiet = process.argv.includes('--quiet');
const strict = process.argv.includes('--strict');

const samples: CorpusDocument = {
  name: 'samples (township-work-plans.txt)',
  path: resolve('test/fixtures/township-work-plans.txt'),
  text: readFileSync(resolve('test/fixtures/township-work-plans.txt'), 'utf8'),
  truth: JSON.parse(readFileSync(resolve('test/fixtures/sample-plans.truth.json'), 'utf8')) as Truth,
};

const pct = (v: number) => v.toFixed(3);
const head = ['', 'truth', 'found', 'TP', 'FP', 'FN', 'precision', 'recall', 'fields', 'window', 'deadline', 'recur', 'times', 'year'];
const row = (name: string, s: Scores) => [
  name,
  String(s.truth),
  String(s.predicted),
  String(s.tp),
  String(s.fp),
  String(s.fn),
  pct(s.precision),
  pct(s.recall),
  pct(s.fieldAccuracy),
  pct(s.accuracy.window),
  pct(s.accuracy.deadline),
  pct(s.accuracy.recurrence),
  pct(s.accuracy.times),
  pct(s.accuracy.year),
];
function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

async function main(): Promise<void> {
  const { documents, orphans } = await loadCorpus(corpusDir);
  const sampleReport = evaluateCorpus([samples]);
  const corpus = evaluateCorpus(documents);
  const both = evaluateCorpus([samples, ...documents]);

  console.log(`extraction vs ground truth — ${documents.length} corpus documents in ${corpusDir}, plus the seven sample plans`);
  console.log('timed items; "fields" = matched items with window, deadline, recurrence, times and year all right\n');
  console.log('per document:');
  table([
    head.map((h, i) => (i === 0 ? 'document' : h)),
    ...sampleReport.documents[0].report.plans.map((p) => row(`sample ${p.title.replace(/^.*?(篇\S+)$/, '$1')}`, p)),
    ...corpus.documents.map((d) => row(d.name, d.report.overall)),
    row('samples', sampleReport.overall),
    row('corpus', corpus.overall),
    row('overall', both.overall),
  ]);

  const categories = byCategory(both.records);
  console.log('\nper category of time expression (corpus + samples; false items counted under what they were read as):');
  table([head.map((h, i) => (i === 0 ? 'category' : h)), ...categories.map((c) => row(c.category, c))]);

  const split = confidenceSplit(both.records);
  console.log(
    `\nconfidence at the review threshold ${split.threshold}: ${split.falseBelow} of ${split.falseItems} false items below it, ` +
      `${split.realAtOrAbove} of ${split.realItems} real items at or above it`,
  );
  console.log(`extraction took ${both.ms.toFixed(0)} ms for ${both.documents.reduce((a, d) => a + d.report.plans.length, 0)} plans`);
  if (orphans.length) console.log(`\ntruth files without a document: ${orphans.join(', ')}`);

  if (!quiet) {
    for (const d of both.documents) {
      const problems = d.report.plans.flatMap((p) => p.problems.map((x) => (d.report.plans.length > 1 ? `${p.title}: ${x}` : x)));
      if (problems.length === 0) continue;
      console.log(`\n${d.name}:`);
      for (const problem of problems) console.log(`  - ${problem}`);
    }
  }

  const below: string[] = [];
  const check = (name: string, s: Scores) => {
    for (const [m, v] of [
      ['precision', s.precision],
      ['recall', s.recall],
      ['field accuracy', s.fieldAccuracy],
    ] as Array<[string, number]>)
      if (v < target) below.push(`${name}: ${m} ${v.toFixed(3)} < ${target}`);
  };
  check('overall', both.overall);
  for (const c of categories) if (c.truth >= 10) check(`category ${c.category}`, c);
  if (below.length) {
    console.log(`\nbelow target ${target}:`);
    for (const f of below) console.log(`  - ${f}`);
    if (strict) process.exitCode = 1;
  } else {
    console.log(`\nprecision, recall and field accuracy ≥ ${target} overall and in every category with ten or more items`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
