#!/usr/bin/env node
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { clockFromConfig } from './clock/clock.js';
import { isTimeZone, loadConfig } from './config/app-config.js';
import { createWorkingCalendar, expandSchedule, parseSchedule } from './schedule/index.js';

/** User-facing failure: printed as one line, exit code 1, no stack trace. */
class CliError extends Error {}

/**
 * Every command ends here on failure. The commands' own errors (config, import, Redis, report, …)
 * carry a Chinese message meant for the user, so the message alone is printed — one line, exit 1.
 */
function fail(e: unknown): never {
  process.stderr.write(`ducha: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

function intArg(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`${name} 必须是 ${min}–${max} 的整数`);
    return Number(value);
  };
}

/**
 * `serve` (HTTP and whatever other roles the process has) and `worker` (a Nest application context
 * without HTTP: workers and, if asked, the scheduler). Both migrate first (under a lock, so several
 * processes may start together), and both stop on SIGTERM/SIGINT within jobs.shutdownSeconds.
 */
// Nest, TypeORM and the rest load only for the commands that need them, so `ducha schedule` starts fast.
async function run(kind: 'serve' | 'worker', rolesText: string | undefined): Promise<void> {
  const { migrate } = await import('./database/migrate.js');
  const { resolveRedis } = await import('./redis/redis-connection.js');
  const env = { ...process.env };
  if (rolesText !== undefined) env.DUCHA_ROLES = rolesText;
  else if (kind === 'worker' && !env.DUCHA_ROLES) env.DUCHA_ROLES = 'worker';
  const config = loadConfig(env);
  if (kind === 'worker' && config.jobs.roles.includes('api'))
    throw new CliError('ducha worker 不提供 HTTP：--roles 只能是 worker、scheduler；需要 API 请用 ducha serve --roles api,…');
  if (kind === 'serve' && !config.jobs.roles.includes('api')) throw new CliError('ducha serve 需要 api 角色；只运行任务请用 ducha worker');
  const json = (await import('./main.js')).productionLogger();
  if (json) Logger.overrideLogger(json);
  const logger = new Logger('ducha');
  await migrate(config, (m) => logger.log(m));
  const redis = await resolveRedis(config.redisUrl, config.dataDir, logger);
  const clock = clockFromConfig(config.now);
  if (config.now) logger.warn(`时钟固定在 DUCHA_NOW=${config.now}`);
  const options = { config, clock, redisUrl: redis.url };
  const app = kind === 'serve' ? await (await import('./main.js')).createApp(options) : await (await import('./main.js')).createWorkerContext(options);
  let metricsServer: { close(): void } | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`收到 ${signal}，正在停止（最多 ${config.jobs.shutdownSeconds} 秒）`);
    // Whatever hangs (Redis coming back empty, a stuck socket), the process still ends.
    setTimeout(
      () => {
        process.stderr.write('ducha: 停止超时，强制退出\n');
        process.exit(1);
      },
      (config.jobs.shutdownSeconds + 5) * 1000,
    ).unref();
    metricsServer?.close();
    await app.close().catch((e: Error) => logger.error(`停止时出错：${e.message}`));
    await redis.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  if (config.jobs.metricsPort) metricsServer = await (await import('./metrics/metrics-server.js')).serveMetrics(app, config.jobs.metricsPort);
  if (kind === 'serve') {
    await (app as Awaited<ReturnType<typeof import('./main.js').createApp>>).listen(config.port, '0.0.0.0');
    logger.log(`ducha 已启动（${config.jobs.roles.join(',')}）：http://localhost:${config.port}/api  （接口文档 /api/docs）`);
  } else {
    await app.init();
    logger.log(`ducha worker 已启动（${config.jobs.roles.join(',')}），pid ${process.pid}`);
  }
}

function scheduleCommand(phrase: string, opts: { year?: number; tz?: string }): void {
  const config = loadConfig();
  const tz = opts.tz ?? config.timeZone;
  if (!isTimeZone(tz)) throw new CliError(`未知时区 "${tz}"，例如 Asia/Shanghai`);
  const parsed = parseSchedule(phrase);
  if (!parsed.ok) throw new CliError(parsed.reason);
  const year = opts.year ?? parsed.schedule.year ?? clockFromConfig(config.now).now().getUTCFullYear();
  const calendar = createWorkingCalendar({ holidaysDir: config.holidaysDir });
  const tasks = expandSchedule(parsed.schedule, { year, tz, calendar, shiftDueToWorkingDay: config.tasks.shiftDueToWorkingDay, detail: parsed.detail });
  const out = {
    input: phrase,
    schedule: parsed.schedule,
    tasks: tasks.map((t) => ({
      label: t.label,
      start: t.start,
      // The due day and time as the office reads them (the org's zone), beside the stored UTC instant.
      dueDay: t.dueDay,
      dueLocal: `${DateTime.fromJSDate(t.due, { zone: tz }).toFormat('yyyy-MM-dd HH:mm:ss')} ${tz}`,
      due: t.due.toISOString(),
    })),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export function buildProgram(): Command {
  const program = new Command('ducha').description('督查：工作计划事项的督办与提醒').showHelpAfterError();
  program
    .command('serve', { isDefault: true })
    .description('启动 API 服务（先执行迁移）；默认同时运行任务和定时器（DUCHA_ROLES=api,worker,scheduler）')
    .option('--roles <roles>', '本进程的角色，逗号分隔：api（HTTP 接口）、worker（队列任务）、scheduler（定时巡查、季度通报、对账）；默认 DUCHA_ROLES 或全部')
    .action(async (opts: { roles?: string }) => {
      await run('serve', opts.roles).catch(fail);
    });
  program
    .command('worker')
    .description('只运行队列任务（巡查、发送通知、季度通报），不提供 HTTP；可启动多个进程共享同一 Redis 和 PostgreSQL')
    .option('--roles <roles>', 'worker 和/或 scheduler，逗号分隔；默认 worker（定时器只需一个进程运行，通常在 API 进程中）')
    .addHelpText(
      'after',
      '\n示例：\n  ducha serve --roles api,scheduler   # 一个 API 进程，负责定时\n  ducha worker                        # 任意多个任务进程\n\n' +
        '环境变量：DATABASE_URL、REDIS_URL（各进程相同）、DUCHA_ROLES、DUCHA_SHUTDOWN_SECONDS（收到 SIGTERM 后等待任务完成的秒数）、DUCHA_METRICS_PORT（本进程的 Prometheus 指标端口）。',
    )
    .action(async (opts: { roles?: string }) => {
      await run('worker', opts.roles).catch(fail);
    });
  program
    .command('migrate')
    .description('执行数据库迁移')
    .action(async () => {
      try {
        const { migrate } = await import('./database/migrate.js');
        const done = await migrate(loadConfig(), (m) => process.stdout.write(`${m}\n`));
        process.stdout.write(done.length ? `完成，共 ${done.length} 个迁移\n` : '数据库已是最新\n');
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('schedule <phrase>')
    .description('解析中文时间表达，打印时间安排和展开的任务（JSON）')
    .option('--year <year>', '年度', intArg('--year', 2000, 2100))
    .option('--tz <zone>', '时区，默认 DUCHA_TZ 或 Asia/Shanghai')
    .action((phrase: string, opts: { year?: number; tz?: string }) => {
      try {
        scheduleCommand(phrase, opts);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('extract <file>')
    .description('从计划文件（.txt / .docx / .xlsx）提取事项及时间安排，不写数据库')
    .option('--json', '打印 JSON 数组（每个事项一个对象，按文中顺序）')
    .action(async (file: string, opts: { json?: boolean }) => {
      try {
        const { extractCommand } = await import('./import/import.command.js');
        const items = await extractCommand(loadConfig(), file);
        if (opts.json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else {
          for (const it of items) {
            const when = it.window ? `${it.window.start}—${it.window.end}月` : it.deadline ? `截止 ${it.deadline}` : (it.recurrence ?? '全年');
            process.stdout.write(
              `[${when}${it.recurrence && (it.window || it.deadline) ? ` ${it.recurrence}` : ''}] ${it.title}（${it.section.join(' / ') || '—'}，置信度 ${it.confidence}）\n`,
            );
          }
          process.stdout.write(`共 ${items.length} 个事项，其中 ${items.filter((i) => i.timed).length} 个有时间安排\n`);
        }
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('import <file>')
    .description('导入计划文件（.txt / .docx / .xlsx 台账）为草稿计划，供审核后启用')
    .option('--org <org>', '组织编号或名称（名称不存在时新建）；只有一个组织时可省略')
    .option('--year <year>', '文件未写明年度时使用的年度', intArg('--year', 2000, 2100))
    .option('--title <title>', '单篇文件的计划标题')
    .action(async (file: string, opts: { org?: string; year?: number; title?: string }) => {
      try {
        const { importCommand } = await import('./import/import.command.js');
        await importCommand(loadConfig(), { file, ...opts }, (line) => process.stdout.write(`${line}\n`));
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('report')
    .description('生成季度督查通报：每个组织写出 json、html、docx、xlsx 四种格式')
    .option('--year <year>', '年度（必填）', intArg('--year', 2000, 2100))
    .option('--quarter <quarter>', '季度 1–4（必填）', intArg('--quarter', 1, 4))
    .option('--org <id>', '组织编号，默认全部组织', intArg('--org', 1, 2_000_000_000))
    .option('--out <dir>', '输出目录（必填，不存在时创建）')
    .action(async (opts: { year?: number; quarter?: number; org?: number; out?: string }) => {
      try {
        if (opts.year === undefined || opts.quarter === undefined || !opts.out)
          throw new CliError(
            '缺少参数：需要 --year（年度）、--quarter（季度 1–4）和 --out（输出目录），例如 ducha report --year 2024 --quarter 3 --out reports/',
          );
        const { reportCommand } = await import('./reports/report.command.js');
        const files = await reportCommand(loadConfig(), { year: opts.year, quarter: opts.quarter as 1 | 2 | 3 | 4, org: opts.org, out: opts.out }, (line) =>
          process.stdout.write(`${line}\n`),
        );
        process.stdout.write(`完成，共写出 ${files.length} 个文件\n`);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('user:add')
    .description('添加可登录的人员（例如第一个管理员）；密码从 --password-stdin 或 DUCHA_NEW_PASSWORD 读取，没有默认密码')
    .requiredOption('--email <email>', '登录邮箱')
    .requiredOption('--name <name>', '姓名')
    .option('--role <roles>', '角色，逗号分隔：admin,presidium,unit_head,staff', 'staff')
    .requiredOption('--org <org>', '组织编号，或组织名称（不存在时新建）')
    .option('--unit <unitId>', '所在责任单位编号', intArg('--unit', 1, 2_000_000_000))
    .option('--password-stdin', '从标准输入读取密码')
    .action(async (opts: { email: string; name: string; role: string; org: string; unit?: number; passwordStdin?: boolean }) => {
      try {
        const { addUserCommand } = await import('./auth/user-add.command.js');
        const person = await addUserCommand(loadConfig(), opts);
        process.stdout.write(`已添加 ${person.name} <${person.email}>（编号 ${person.id}，组织 ${person.orgId}，角色 ${person.roles.join(',')}）\n`);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('simulate')
    .description('年度模拟：按天推进时钟（每天 09:00、18:00 巡查），模拟人员办理、审核，打印提醒时间线和合计；数据留在数据库中')
    .requiredOption('--year <year>', '模拟年度', intArg('--year', 2000, 2100))
    .option('--plan <id>', '模拟已有的计划（草稿会先启用）', intArg('--plan', 1, 2_000_000_000))
    .option('--sample', '导入七篇示例计划和示例人员（默认）')
    .option('--file <path>', '示例计划文本，默认 ../shared/samples/township-work-plans.txt')
    .option('--from <day>', '开始日期 YYYY-MM-DD，默认 1 月 1 日')
    .option('--to <day>', '结束日期 YYYY-MM-DD，默认 12 月 31 日')
    .option('--seed <n>', '随机种子：同一种子，人员行为相同', intArg('--seed', 0, 2_147_483_647), 42)
    .option('--smtp <mode>', 'sink：命令自带的本地 SMTP 接收器（默认）；config：用配置中的 SMTP', 'sink')
    .option('--no-timeline', '不打印时间线，只打印进度和合计')
    .option('--verbose', '打印应用日志')
    .action(
      async (opts: {
        year: number;
        plan?: number;
        sample?: boolean;
        file?: string;
        from?: string;
        to?: string;
        seed: number;
        smtp: string;
        timeline: boolean;
        verbose?: boolean;
      }) => {
        try {
          if (opts.smtp !== 'sink' && opts.smtp !== 'config') throw new CliError('--smtp 只能是 sink 或 config');
          const { simulateCommand } = await import('./simulation/simulate.command.js');
          await simulateCommand({ ...opts, smtp: opts.smtp });
        } catch (e) {
          fail(e);
        }
      },
    );
  return program;
}

buildProgram().parseAsync(process.argv).catch(fail);
