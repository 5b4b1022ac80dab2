import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { clockFromConfig } from '../clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source.js';
import { migrate } from '../database/migrate.js';
import { Org } from '../people/org.entity.js';
import { createWorkingCalendar } from '../schedule/index.js';
import { compileQuarterlyReport } from './compile.js';
import { loadReportInput, quarterKey } from './load.js';
import { REPORT_FORMATS, renderReport, reportFileName } from './reports.service.js';
import type { Quarter } from './types.js';

export interface ReportCommandOptions {
  year: number;
  quarter: Quarter;
  org?: number;
  out: string;
}

/** `ducha report`: one org's (or every org's) quarterly report in every format, written to a directory. */
export async function reportCommand(config: AppConfig, o: ReportCommandOptions, progress: (line: string) => void): Promise<string[]> {
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new Error(`无法创建输出目录 ${o.out}：${(e as Error).message}`);
  }
  await migrate(config);
  const db = new DataSource(dataSourceOptions(config));
  await db.initialize();
  const written: string[] = [];
  try {
    const orgs = o.org === undefined ? await db.getRepository(Org).find({ order: { id: 'ASC' } }) : await db.getRepository(Org).findBy({ id: o.org });
    if (o.org !== undefined && !orgs.length) throw new Error(`组织不存在：${o.org}`);
    if (!orgs.length) throw new Error('数据库中还没有组织');
    const now = clockFromConfig(config.now).now();
    const calendar = createWorkingCalendar({ holidaysDir: config.holidaysDir });
    for (const org of orgs) {
      const t0 = performance.now();
      progress(`${org.name}（组织 ${org.id}）${quarterKey(o.year, o.quarter)}：读取数据…`);
      const input = await loadReportInput(db, org.id, o.year, o.quarter, now, { calendar, yellowWorkingDays: config.tasks.yellowWorkingDays });
      const report = compileQuarterlyReport(input);
      progress(`  汇总完成：${report.scope.total} 项任务，已完成 ${report.totals.done}，逾期未完成 ${report.totals.overdue}`);
      for (const format of REPORT_FORMATS) {
        const file = path.join(o.out, reportFileName(report, format));
        const body = await renderReport(report, format);
        writeFileSync(file, body);
        written.push(file);
        progress(`  已写入 ${file}（${(body.length / 1024).toFixed(1)} KB）`);
      }
      progress(`  用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
    }
    return written;
  } finally {
    await db.destroy();
  }
}
