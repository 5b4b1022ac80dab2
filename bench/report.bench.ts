/**
 * Quarterly report over 100,000 tasks (50 units, 500 owners, 2,000 items): compile, then render
 * HTML, DOCX, XLSX and JSON — each stage the median of BENCH_RUNS (3) — beside the bare libraries
 * doing the same output work in the same run:
 *   - exceljs streaming WorkbookWriter writing the same 台账 rows (no styles, no summary sheet);
 *   - docx Packer with the same tables as ducha's DOCX 附件 (unit table + at most ATTACHMENT_LIMIT
 *     unfinished tasks). The DOCX deliberately does not carry 100,000 rows: the full ledger is the
 *     XLSX; see src/reports/tables.ts.
 * Peak RSS: process.resourceUsage().maxRSS after compile + JSON (the first run's, before any other
 * render) and after the ducha stages (before the bare runs), and RSS sampled between stages.
 * JSON is written as the app does (render-json.ts writeJsonFile, piece by piece to a temporary file);
 * BENCH_JSON=string renders it the old way, as one string, for comparison.
 * Targets: compile + all renders < 5 s, peak < 500 MB.
 * Run: npm run build:scripts && node --expose-gc .build/bench/report.bench.js
 */
import ExcelJS from 'exceljs';
import { Document, Packer } from 'docx';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createWorkingCalendar } from '../src/schedule/index.js';
import { compileQuarterlyReport } from '../src/reports/compile.js';
import { syntheticInput } from '../src/reports/fixtures.js';
import { renderDocx, docxTable } from '../src/reports/render-docx.js';
import { renderHtml } from '../src/reports/render-html.js';
import { renderJson, writeJsonFile } from '../src/reports/render-json.js';
import { LEDGER_COLUMNS, renderXlsx } from '../src/reports/render-xlsx.js';
import { ATTACHMENT_HEADER, attachmentRows, unitTable } from '../src/reports/tables.js';
import type { QuarterlyReport } from '../src/reports/types.js';
import { median, table } from './support.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const JSON_AS_STRING = process.env.BENCH_JSON === 'string';
const MB = 1024 * 1024;
let sampledPeak = 0;
const sample = () => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss));
const gc = (globalThis as { gc?: () => void }).gc;

async function time(fn: () => unknown): Promise<number> {
  gc?.();
  const t0 = process.hrtime.bigint();
  await fn();
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  sample();
  return t;
}

async function bareXlsx(r: QuarterlyReport): Promise<number> {
  const sink = new PassThrough();
  let bytes = 0;
  sink.on('data', (c: Buffer) => (bytes += c.length));
  const ended = new Promise((res) => sink.on('end', res));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('台账');
  ws.addRow(LEDGER_COLUMNS.map((c) => c.header)).commit();
  for (const x of r.rows) {
    ws.addRow([
      x.taskId,
      x.planTitle,
      x.itemTitle,
      x.section,
      x.label,
      x.startDay,
      x.dueDay,
      x.originalDueAt ?? '',
      x.statusName,
      x.light,
      x.daysOverdue,
      x.escalationLevel,
      x.returnCount,
      x.unitName,
      x.ownerName,
      x.submittedAt ?? '',
      x.doneAt ?? '',
      x.evidenceCount,
      x.carriedOver ? '是' : '',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  sink.end();
  await ended;
  return bytes;
}

async function bareDocx(r: QuarterlyReport): Promise<number> {
  const u = unitTable(r);
  const a = attachmentRows(r);
  const doc = new Document({ sections: [{ children: [docxTable(u.header, [...u.rows, u.total]), docxTable(ATTACHMENT_HEADER, a.rows)] }] });
  return (await Packer.toBuffer(doc)).length;
}

async function main(): Promise<void> {
  const calendar = createWorkingCalendar();
  const now = new Date('2024-10-08T02:00:00Z');
  // All tasks due inside Q3 2024, so every one of them is in the report.
  const input = syntheticInput({
    seed: 42,
    tasks: TASKS,
    units: 50,
    owners: 500,
    items: 2000,
    year: 2024,
    quarter: 3,
    now,
    calendar,
    before: 0,
    after: 0,
    evidencePerDone: 1,
  });
  sample();

  const t: Record<string, number[]> = { compile: [], html: [], docx: [], xlsx: [], json: [], bareXlsx: [], bareDocx: [] };
  const size: Record<string, number> = {};
  let report!: QuarterlyReport;
  let compileJsonPeak = 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'ducha-bench-json-'));
  const json = (run: number) => {
    if (JSON_AS_STRING) return Buffer.byteLength(renderJson(report));
    const file = path.join(dir, `report-${run}.json`);
    const bytes = writeJsonFile(report, file);
    rmSync(file);
    return bytes;
  };
  for (let i = 0; i < RUNS; i++) {
    t.compile.push(await time(() => (report = compileQuarterlyReport(input))));
    t.json.push(await time(() => (size.json = json(i))));
    if (i === 0) compileJsonPeak = process.resourceUsage().maxRSS * 1024;
    t.html.push(await time(() => (size.html = Buffer.byteLength(renderHtml(report)))));
    t.docx.push(await time(async () => (size.docx = (await renderDocx(report)).length)));
    t.xlsx.push(await time(async () => (size.xlsx = (await renderXlsx(report)).length)));
  }
  rmSync(dir, { recursive: true, force: true });
  const duchaPeak = process.resourceUsage().maxRSS * 1024;
  for (let i = 0; i < RUNS; i++) {
    t.bareXlsx.push(await time(async () => (size.bareXlsx = await bareXlsx(report))));
    t.bareDocx.push(await time(async () => (size.bareDocx = await bareDocx(report))));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  const fmt = (x: number) => `${(x / 1000).toFixed(2)} s`;
  console.log(
    `report over ${report.scope.total} tasks (${report.byUnit.length} units, ${report.byOwner.length} owners), ${report.totals.overdue} overdue, DOCX attachment ${attachmentRows(report).rows.length} rows; medians of ${RUNS}`,
  );
  table([
    { stage: 'compile', ducha: fmt(m.compile), bare: '—', ratio: '—', output: `${report.rows.length} rows` },
    { stage: 'html', ducha: fmt(m.html), bare: '—', ratio: '—', output: `${(size.html / MB).toFixed(1)} MB` },
    { stage: 'docx', ducha: fmt(m.docx), bare: fmt(m.bareDocx), ratio: (m.docx / m.bareDocx).toFixed(2), output: `${(size.docx / MB).toFixed(2)} MB` },
    { stage: 'xlsx', ducha: fmt(m.xlsx), bare: fmt(m.bareXlsx), ratio: (m.xlsx / m.bareXlsx).toFixed(2), output: `${(size.xlsx / MB).toFixed(1)} MB` },
    {
      stage: JSON_AS_STRING ? 'json (one string)' : 'json (to a file, piece by piece)',
      ducha: fmt(m.json),
      bare: '—',
      ratio: '—',
      output: `${(size.json / MB).toFixed(1)} MB`,
    },
  ]);
  const total = m.compile + m.html + m.docx + m.xlsx + m.json;
  console.log(`compile + all renders: ${fmt(total)} (target < 5 s: ${total < 5000 ? 'ok' : 'MISSED'})`);
  console.log(`peak RSS (maxRSS) through input + compile + json: ${(compileJsonPeak / MB).toFixed(0)} MB`);
  console.log(
    `peak RSS (maxRSS, ducha stages incl. input): ${(duchaPeak / MB).toFixed(0)} MB (target < 500 MB: ${duchaPeak < 500 * MB ? 'ok' : 'MISSED'}); sampled between stages: ${(sampledPeak / MB).toFixed(0)} MB; gc ${gc ? 'exposed' : 'not exposed'}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
