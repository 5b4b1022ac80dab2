/**
 * Extraction quality on the sample plans, against the hand-checked ground truth.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/ducha-build && node /tmp/ducha-build/scripts/eval-extract.js
 *   [--text test/fixtures/township-work-plans.txt] [--truth test/fixtures/sample-plans.truth.json]
 *   [--target 0.95] [--quiet]
 *
 * Run from the repository root. Exits 1 when a measure is below the target.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { belowTarget, evaluateExtraction, type PlanScore, type Truth } from '../src/import/eval.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const textPath = resolve(arg('text', 'test/fixtures/township-work-plans.txt'));
const truthPath = resolve(arg('truth', 'test/fixtures/sample-plans.truth.json'));
const target = Number(arg('target', '0.95'));
const quiet = process.argv.includes('--quiet');

const text = readFileSync(textPath, 'utf8');
const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Truth;
const report = evaluateExtraction(text, truth);

const pct = (v: number) => v.toFixed(3);
const head = ['plan', 'truth', 'found', 'TP', 'FP', 'FN', 'precision', 'recall', 'window', 'deadline', 'recurrence', 'times', 'year'];
const row = (name: string, s: Omit<PlanScore, 'title' | 'problems'>) => [
  name,
  String(s.truth),
  String(s.predicted),
  String(s.tp),
  String(s.fp),
  String(s.fn),
  pct(s.precision),
  pct(s.recall),
  pct(s.accuracy.window),
  pct(s.accuracy.deadline),
  pct(s.accuracy.recurrence),
  pct(s.accuracy.times),
  pct(s.accuracy.year),
];
const rows = [head, ...report.plans.map((p) => row(p.title.replace(/^.*?(篇\S+)$/, '$1'), p)), row('overall', report.overall)];
const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');

console.log(`extraction vs ground truth — ${textPath}`);
console.log(`timed items; field accuracy over correctly found items (1.000 when none); extraction took ${report.ms.toFixed(1)} ms\n`);
console.log(line(rows[0]));
for (const r of rows.slice(1, -1)) console.log(line(r));
console.log(line(rows[rows.length - 1]));

if (!quiet) {
  for (const p of report.plans) {
    if (p.problems.length === 0) continue;
    console.log(`\n${p.title}:`);
    for (const problem of p.problems) console.log(`  - ${problem}`);
  }
}

const failures = belowTarget(report, target);
if (failures.length) {
  console.log(`\nbelow target ${target}:`);
  for (const f of failures) console.log(`  - ${f}`);
  process.exitCode = 1;
} else {
  console.log(`\nall of precision, recall, window, deadline, recurrence ≥ ${target}, per plan and overall`);
}
