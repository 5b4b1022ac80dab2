import { Logger, type INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ManualClock } from '../clock/clock.js';
import { loadConfig } from '../config/app-config.js';
import { packageRoot } from '../config/package-root.js';
import { migrate } from '../database/migrate.js';
import { createApp } from '../main.js';
import { QUEUES } from '../jobs/catalogue.js';
import { bullConnection } from '../jobs/job-host.js';
import { Plan } from '../plans/plan.entity.js';
import { PlansService } from '../plans/plans.service.js';
import { resolveRedis } from '../redis/redis-connection.js';
import { CountingSmtpSink, readMail } from './smtp-sink.js';
import { seedSample } from './sample.js';
import { YearSimulation, type TimelineEntry } from './simulation.js';

export interface SimulateOptions {
  year: number;
  plan?: number;
  sample?: boolean;
  file?: string;
  from?: string;
  to?: string;
  seed: number;
  smtp: 'sink' | 'config';
  timeline: boolean;
  verbose?: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STAGE_CN: Record<string, string> = {
  'window-open': '进入办理期',
  'before-5': '提前5个工作日提醒',
  'before-1': '提前1个工作日提醒',
  overdue: '逾期提醒',
  'escalate-1': '一级督办（责任人+单位负责人）',
  'escalate-2': '二级督办（主席团）',
  'escalate-2-repeat': '二级督办每周重复',
  'presidium-daily': '主席团督查日报',
  submitted: '提交',
  resubmitted: '补充后重新提交',
  returned: '退回',
  accepted: '审核通过',
};

/** ../shared/samples when the checkout sits beside shared/, else the copy committed with the tests. */
export function defaultSampleFile(): string {
  const shared = path.resolve(packageRoot(), '..', 'shared', 'samples', 'township-work-plans.txt');
  return existsSync(shared) ? shared : path.resolve(packageRoot(), 'test', 'fixtures', 'township-work-plans.txt');
}

/**
 * `ducha simulate`: a year (or any period) of supervision against the configured database and real
 * Redis, delivering to an in-process SMTP sink (or the configured SMTP server). The state stays in
 * the database for the API and reports.
 */
export async function simulateCommand(
  opts: SimulateOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<void> {
  const from = opts.from ?? `${opts.year}-01-01`;
  const to = opts.to ?? `${opts.year}-12-31`;
  if (!DAY.test(from) || !DAY.test(to) || from > to) throw new Error(`--from/--to 必须是 YYYY-MM-DD 且 from ≤ to（收到 ${from} … ${to}）`);
  if (opts.plan && opts.sample) throw new Error('--plan 和 --sample 只能选一个');
  const sink = new CountingSmtpSink();
  const env: Record<string, string | undefined> = { ...process.env, DUCHA_SCHEDULER: 'false' };
  const base = loadConfig(env);
  // A fresh queue prefix per run: sweep job ids name their time bucket, and an earlier run's kept jobs must not swallow this run's.
  env.DUCHA_QUEUE_PREFIX = `${base.queuePrefix}-sim-${randomBytes(4).toString('hex')}`;
  if (opts.smtp === 'sink') {
    await sink.start();
    env.SMTP_HOST = '127.0.0.1';
    env.SMTP_PORT = String(sink.port);
    env.SMTP_SECURE = 'false';
    env.SMTP_USER = '';
  }
  const config = loadConfig(env);
  const logger = new Logger('simulate');
  const log = { log: (m: string) => err(`${m}\n`), warn: (m: string) => err(`${m}\n`) };
  let app: INestApplication | undefined;
  let redis: Awaited<ReturnType<typeof resolveRedis>> | undefined;
  try {
    await migrate(config, opts.verbose ? (m) => logger.log(m) : undefined);
    redis = await resolveRedis(config.redisUrl, config.dataDir, log);
    const clock = new ManualClock(DateTimeStart(from));
    app = await createApp({ config, clock, redisUrl: redis.url }, opts.verbose ? undefined : false);
    await app.init();
    let planIds: number[];
    if (opts.plan) {
      const plan = await app.get(DataSource).getRepository(Plan).findOneBy({ id: opts.plan });
      if (!plan) throw new Error(`找不到计划 ${opts.plan}`);
      if (plan.status === 'draft') await app.get(PlansService).activate(plan.id, null, { allowUnowned: true });
      planIds = [plan.id];
    } else {
      const file = opts.file ?? defaultSampleFile();
      if (!existsSync(file)) throw new Error(`找不到示例计划文件 ${file}（可用 --file 指定）`);
      const seeded = await seedSample(app, readFileSync(file, 'utf8'), opts.year);
      planIds = seeded.planIds;
      err(`已导入示例：${seeded.planIds.length} 个计划，${seeded.items} 个事项，${seeded.tasks} 个任务，${seeded.people} 位人员（组织 ${seeded.orgId}）\n`);
    }
    const sim = new YearSimulation(app, clock);
    err(
      `模拟 ${from} … ${to}，种子 ${opts.seed}；数据库 ${config.isPostgres ? 'PostgreSQL' : config.sqlitePath}；邮件 → ${opts.smtp === 'sink' ? `本地 SMTP 接收器 127.0.0.1:${sink.port}` : `${config.smtp.host}:${config.smtp.port}`}\n`,
    );
    if (opts.timeline) out(`日期时间           环节                 对象                                   任务\n`);
    const entry = (e: TimelineEntry) => {
      if (opts.timeline)
        out(
          `${e.when}  ${(STAGE_CN[e.stage] ?? e.stage).padEnd(12, '　')}  ${e.recipient.padEnd(36)}  ${e.task}${e.status === 'skipped' ? '（发送前复核：已不需要）' : e.status === 'failed' ? '（发送失败）' : ''}\n`,
        );
    };
    let monthMessages = 0;
    let monthActions = 0;
    const started = performance.now();
    const result = await sim.run({
      planIds,
      from,
      to,
      seed: opts.seed,
      onEntry: entry,
      onDay: (day, p) => {
        monthMessages += p.messages;
        monthActions += p.actions;
        const m = day.slice(0, 7);
        if (p.index === p.days - 1 || nextMonthStarts(day)) {
          err(
            `[${m}] ${p.index + 1}/${p.days} 天 · 消息 ${monthMessages} 封 · 办理 ${monthActions} 次 · 已收邮件 ${sink.count} · ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
          );
          monthMessages = 0;
          monthActions = 0;
        }
      },
    });
    const totals = await sim.totals(planIds);
    const predicted = await sim.predicted(planIds, result.sweepInstants);
    const recorded = await sim.recorded(planIds);
    const missing = [...predicted].filter((k) => !recorded.has(k));
    const extra = [...recorded.keys()].filter((k) => !predicted.has(k));
    const twice = [...recorded.values()].filter((n) => n > 1).length;

    out(`\n== 合计（${from} … ${to}，${result.tasks} 个任务，${result.steps} 个时间步）\n`);
    out(
      `办理行为：按时 ${result.conduct['on-time']}，逾期 ${result.conduct.late}，严重逾期 ${result.conduct['very-late']}，始终未办 ${result.conduct.never}；` +
        Object.entries(result.actions)
          .map(([k, v]) => `${STAGE_CN[k] ?? k} ${v}`)
          .join('，') +
        '\n',
    );
    out(`\n环节                              记录  已发送  被后续取代  发送前复核跳过  失败\n`);
    for (const [stage, s] of Object.entries(totals.stages).sort())
      out(
        `${(STAGE_CN[stage] ?? stage).padEnd(18, '　')}  ${String(s.recorded).padStart(5)}  ${String(s.sent).padStart(6)}  ${String(s.superseded).padStart(10)}  ${String(s.skipped).padStart(14)}  ${String(s.failed).padStart(4)}\n`,
      );
    out(
      `\n消息：${Object.entries(totals.messages)
        .map(
          ([k, v]) =>
            `${k === 'digest' ? '个人提醒汇总' : '主席团督查日报'} 已发送 ${v.sent}${v.skipped ? `，跳过 ${v.skipped}` : ''}${v.failed ? `，失败 ${v.failed}` : ''}${v.pending ? `，待发 ${v.pending}` : ''}`,
        )
        .join('；')}\n`,
    );
    if (opts.smtp === 'sink') out(`SMTP 接收器收到 ${sink.count} 封邮件\n`);
    out(`\n按人员（收到消息 / 涉及提醒条目）：\n`);
    for (const p of totals.people) out(`  ${p.name.padEnd(40)} ${String(p.messages).padStart(4)} 封  ${String(p.rows).padStart(4)} 条\n`);
    out(
      `\n核对：台账 ${recorded.size} 个（任务, 环节, 收件人）组合，策略函数预测 ${predicted.size} 个；缺少 ${missing.length}，多出 ${extra.length}，重复 ${twice}${missing.length || extra.length || twice ? '  ✗' : '  ✓'}\n`,
    );
    if (result.errors.length)
      out(
        `模拟操作出错 ${result.errors.length} 次：\n${result.errors
          .slice(0, 20)
          .map((e) => `  ${e}`)
          .join('\n')}\n`,
      );
    if (opts.smtp === 'sink' && sink.firstOfKind.size) {
      out(`\n== 每种消息各一封（SMTP 接收器收到的原文）\n`);
      const names: Record<string, string> = { '【督查提醒】': '责任人提醒', '【督办提醒】': '单位负责人督办', '【督查日报】': '主席团督查日报' };
      for (const kind of ['【督查提醒】', '【督办提醒】', '【督查日报】']) {
        const raw = sink.firstOfKind.get(kind);
        if (!raw) continue;
        const mail = readMail(raw);
        out(`\n--- ${names[kind]} → ${mail.to}\n主题：${mail.subject}\n\n${mail.text.trimEnd()}\n`);
      }
    }
    out(`用时 ${((performance.now() - started) / 1000).toFixed(1)} s。数据保留在数据库中，可用 API 或 ducha report 查看。\n`);
    if (missing.length || extra.length || twice) process.exitCode = 2;
  } finally {
    await app?.close();
    // This run's queues were private to it (prefix above): remove them.
    if (redis) {
      for (const name of Object.values(QUEUES)) {
        const q = new Queue(name, { connection: bullConnection(redis.url), prefix: config.queuePrefix });
        await q.obliterate({ force: true }).catch(() => undefined);
        await q.close();
      }
      await redis.stop();
    }
    await sink.stop();
  }
}

function nextMonthStarts(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.getUTCDate() === 1;
}

/** Local midnight (Asia/Shanghai) of the first day: plans are imported and activated then. */
function DateTimeStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}
