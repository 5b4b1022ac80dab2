// Worker-thread entry: loads, compiles and renders one quarterly report on its own database
// connection, so a 100,000-task report never holds the API's event loop (better-sqlite3 and the
// renderers are synchronous). Started by report-render-pool.ts; never imported by the app itself.
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source.js';
import { createWorkingCalendar } from '../schedule/index.js';
import { compileQuarterlyReport } from './compile.js';
import { loadReportInput } from './load.js';
import { writeJsonFile } from './render-json.js';
import { renderReport, reportFileName, type ReportFormat } from './reports.service.js';
import type { Quarter } from './types.js';

export interface RenderJob {
  id: number;
  db: { databaseUrl: string; isPostgres: boolean; sqlitePath: string };
  holidaysDir: string;
  yellowWorkingDays: number;
  orgId: number;
  year: number;
  quarter: Quarter;
  now: number;
  format: ReportFormat;
  /** JSON only: the file to write the JSON to (created here, streamed and removed by the caller). */
  jsonFile?: string;
}

export type RenderResult =
  | { id: number; ok: true; fileName: string; body: Uint8Array }
  | { id: number; ok: true; fileName: string; file: string; size: number }
  | { id: number; ok: false; message: string };

let db: DataSource | undefined;
let calendar: ReturnType<typeof createWorkingCalendar> | undefined;

async function run(job: RenderJob): Promise<RenderResult> {
  db ??= await new DataSource(dataSourceOptions(job.db, { poolSize: 2 } as never)).initialize();
  calendar ??= createWorkingCalendar({ holidaysDir: job.holidaysDir });
  const input = await loadReportInput(db, job.orgId, job.year, job.quarter, new Date(job.now), { calendar, yellowWorkingDays: job.yellowWorkingDays });
  const report = compileQuarterlyReport(input);
  const fileName = reportFileName(report, job.format);
  if (job.jsonFile) return { id: job.id, ok: true, fileName, file: job.jsonFile, size: writeJsonFile(report, job.jsonFile) };
  const body = await renderReport(report, job.format);
  return { id: job.id, ok: true, fileName, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
}

parentPort?.on('message', (job: RenderJob) => {
  run(job).then(
    (r) => parentPort!.postMessage(r, r.ok && 'body' in r ? [r.body.buffer as ArrayBuffer] : []),
    (e: unknown) => parentPort!.postMessage({ id: job.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies RenderResult),
  );
});
