/**
 * Extraction speed on ~1 MB of plan text: the seven sample plans repeated, with months, days,
 * counts and part numbers varied so that no two copies are the same text, interleaved with the
 * corpus's .txt documents (tables, school calendars, traditional script, web-page noise).
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/ducha-build && node /tmp/ducha-build/bench/extract.bench.js [--mb 1] [--runs 5]
 *
 * Prints the median of the runs (ms, MB/s) and, beside it, the time spent in parseSchedule alone
 * (the schedule parser is the one dependency of extraction). Target: < 1 s for 1 MB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSchedule, type ParseOutcome } from '../src/schedule/index.js';
import { extractPlans } from '../src/import/extract.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const targetBytes = arg('mb', 1) * 1024 * 1024;
const runs = arg('runs', 5);
const sample = readFileSync(resolve('test/fixtures/township-work-plans.txt'), 'utf8');
const CN = '一二三四五六七八九十';

/** The sample with its numbers shifted by k: other months, days, counts and part numbers. */
function variant(k: number, partBase: number): string {
  return sample
    .replace(/(\d{1,2})(?=\s*月)/g, (m) => String(((Number(m) - 1 + k) % 12) + 1))
    .replace(/(\d{1,2})(?=日)/g, (m) => String(((Number(m) - 1 + k) % 28) + 1))
    .replace(/([一二三四五六七八九])(?=次)/g, (m) => CN[(CN.indexOf(m) + k) % 9])
    .replace(/(?<=篇)(\d+)$/gm, (m) => String(Number(m) + partBase))
    .replace(/20(\d\d)年/g, (_m, y: string) => `20${String((Number(y) + k) % 30).padStart(2, '0')}年`);
}

const corpusDir = resolve('test/fixtures/plans');
let corpus: string[] = [];
const samplesOnly = process.argv.includes('--samples-only');
try {
  corpus = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt') && !f.endsWith('.table.txt'))
    .map((f) => readFileSync(resolve(corpusDir, f), 'utf8'));
  if (samplesOnly) corpus = [];
} catch {
  corpus = [];
}

let text = '';
for (let k = 0; Buffer.byteLength(text, 'utf8') < targetBytes; k++)
  text += variant(k, k * 7) + '\n\n' + (corpus.length ? corpus[k % corpus.length] + '\n\n' : '');
const bytes = Buffer.byteLength(text, 'utf8');
const mb = bytes / 1024 / 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// warm-up (JIT), not counted
extractPlans(sample);

const total: number[] = [];
const inParser: number[] = [];
let plans = 0;
let items = 0;
let timed = 0;
let calls = 0;
for (let r = 0; r < runs; r++) {
  let parserMs = 0;
  calls = 0;
  const timedParse = (s: string): ParseOutcome => {
    const t = performance.now();
    const out = parseSchedule(s);
    parserMs += performance.now() - t;
    calls++;
    return out;
  };
  const t0 = performance.now();
  const result = extractPlans(text, { parse: timedParse });
  total.push(performance.now() - t0);
  inParser.push(parserMs);
  plans = result.length;
  items = result.reduce((a, p) => a + p.items.length, 0);
  timed = result.reduce((a, p) => a + p.items.filter((i) => i.timed).length, 0);
}

const ms = median(total);
console.log(`extractPlans on ${mb.toFixed(2)} MB (${text.length.toLocaleString()} chars, ${plans} plans → ${items} items, ${timed} timed)`);
console.log(`  median of ${runs}: ${ms.toFixed(0)} ms  →  ${(mb / (ms / 1000)).toFixed(2)} MB/s   (runs: ${total.map((t) => t.toFixed(0)).join(', ')} ms)`);
console.log(`  of which parseSchedule: ${median(inParser).toFixed(0)} ms in ${calls.toLocaleString()} calls (after caching repeated sentences)`);
console.log(`  target < 1000 ms per MB: ${ms / mb < 1000 ? 'met' : 'NOT met'}`);
