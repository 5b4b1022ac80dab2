import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { Clock, clockFromConfig } from '../clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DomainError } from '../common/errors.js';
import { dataSourceOptions } from '../database/data-source.js';
import { migrate } from '../database/migrate.js';
import { Org } from '../people/org.entity.js';
import { extractPlans, toExtractJson, type ExtractJson } from './extract.js';
import { ImportError, readPlanFile } from './formats.js';
import { ImportModule } from './import.module.js';
import { ImportService } from './import.service.js';

type Print = (line: string) => void;

/** What the CLI can say without a stack trace. */
export class ImportCommandError extends Error {}

function readFile(file: string, maxBytes: number): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ImportCommandError(`找不到文件：${file}`);
  }
  if (size > maxBytes)
    throw new ImportCommandError(`文件“${path.basename(file)}”有 ${(size / 1048576).toFixed(1)} MB，超过上限 ${(maxBytes / 1048576).toFixed(0)} MB`);
  return readFileSync(file);
}

/** `ducha extract <file>`: the items a document holds, as JSON (one object per item, document order). Touches no database. */
export async function extractCommand(config: AppConfig, file: string): Promise<ExtractJson[]> {
  const buffer = readFile(file, config.importMaxBytes);
  try {
    const doc = await readPlanFile(buffer, path.basename(file), { maxBytes: config.importMaxBytes });
    if (doc.kind === 'xlsx') {
      return (doc.rows ?? []).map((r) => ({
        quote: r.title,
        section: r.section,
        title: r.title,
        timed: !!r.schedule,
        window: r.schedule?.window ?? null,
        deadline: r.schedule?.deadline ?? null,
        recurrence: r.schedule?.recurrence ?? null,
        times: r.schedule?.times ?? null,
        year: r.schedule?.year ?? null,
        confidence: r.scheduleIssue ? 0.3 : 1,
      }));
    }
    return extractPlans(doc.text ?? '').flatMap((p) => toExtractJson(p.items, p.year));
  } catch (e) {
    if (e instanceof ImportError) throw new ImportCommandError(e.message);
    throw e;
  }
}

@Global()
@Module({})
class ImportCliModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [ConfigModule.forRoot(config), TypeOrmModule.forRoot(dataSourceOptions(config)), CalendarModule, AuditModule, ImportModule],
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}

/**
 * `ducha import <file>`: the same import as the API, into the configured database, as the system
 * (no person). The org is given by id or name; a name that does not exist yet is created.
 */
export async function importCommand(config: AppConfig, opts: { file: string; org?: string; year?: number; title?: string }, print: Print): Promise<number[]> {
  const buffer = readFile(opts.file, config.importMaxBytes);
  print(`读取 ${opts.file}（${(buffer.length / 1024).toFixed(0)} KB）…`);
  await migrate(config);
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(config, clockFromConfig(config.now)), {
    logger: false,
    // Without a logger Nest would exit(1) silently on a wiring error; let it reach the CLI's one-line message.
    abortOnError: false,
  });
  try {
    const orgId = await resolveOrg(app.get(DataSource), opts.org, config, app.get(Clock));
    print(`导入到组织 ${orgId} …`);
    const result = await app.get(ImportService).import({ orgId, year: opts.year, title: opts.title, file: { buffer, name: path.basename(opts.file) } });
    for (const p of result.plans) {
      const timed = p.items.filter((i) => i.schedule).length;
      print(`  计划 ${p.id}「${p.title}」${p.year}年：${p.items.length} 个事项（${timed} 个有时间安排），跳过 ${p.skipped} 段非计划内容；状态：草稿`);
    }
    for (const w of result.warnings) print(`  注意：${w}`);
    print(`完成。请在审核事项、指定责任人后启用：POST /api/plans/<编号>/activate`);
    return result.plans.map((p) => p.id);
  } catch (e) {
    if (e instanceof DomainError) {
      const fields = Object.entries(e.errors ?? {}).map(([k, v]) => `${k}: ${v.join('；')}`);
      throw new ImportCommandError([e.message, ...fields].join('\n  '));
    }
    throw e;
  } finally {
    await app.close();
  }
}

async function resolveOrg(db: DataSource, org: string | undefined, config: AppConfig, clock: Clock): Promise<number> {
  const repo = db.getRepository(Org);
  if (!org) {
    const all = await repo.find({ order: { id: 'ASC' }, take: 2 });
    if (all.length === 1) return all[0].id;
    if (all.length === 0) return (await repo.save(repo.create({ name: '本单位', timeZone: config.timeZone, createdAt: clock.now() }))).id;
    throw new ImportCommandError('数据库中有多个组织，请用 --org <编号或名称> 指定');
  }
  if (/^\d+$/.test(org)) {
    const found = await repo.findOneBy({ id: Number(org) });
    if (!found) throw new ImportCommandError(`组织不存在：${org}`);
    return found.id;
  }
  const byName = await repo.findOneBy({ name: org });
  return byName ? byName.id : (await repo.save(repo.create({ name: org, timeZone: config.timeZone, createdAt: clock.now() }))).id;
}
