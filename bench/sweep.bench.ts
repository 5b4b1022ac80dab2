/**
 * The supervision sweep over 100,000 tasks on SQLite (2,000 owners), and notifications per second
 * from the sweep to an in-process SMTP sink — each beside the bare libraries doing the same work
 * in the same run: better-sqlite3 (the due query, the ledger inserts and the task updates),
 * BullMQ (addBulk of no-op jobs + a worker at the same concurrency), nodemailer (pool → smtp-server)
 * and BullMQ + nodemailer together (a worker sending one mail per job). Medians of BENCH_RUNS (3).
 * Run: npm run bench:sweep (BENCH_TASKS=1000000 for a million; peak RSS of the process is printed)
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ManualClock } from '../src/clock/clock.js';
import { loadConfig } from '../src/config/app-config.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { bullConnection } from '../src/jobs/job-host.js';
import { createWorkingCalendar, endOfDay, startOfDay } from '../src/schedule/index.js';
import { DEFAULT_POLICY, notificationsDue } from '../src/supervision/policy.js';
import { SupervisionService } from '../src/supervision/supervision.service.js';
import { countingSink, median, ms, scratchDatabase, table } from './support.js';

/** BENCH_TASKS: 1000000 for the county-scale run (issue #14). */
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const OWNERS = 2_000;
const UNITS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TZ = 'Asia/Shanghai';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The morning sweep of Monday 1 July 2024: June's tasks became overdue, July's windows open. */
const SWEEP_AT = new Date('2024-07-01T09:00:00+08:00');
/** The state before it: as the previous sweep (Sunday evening) left it. */
const BEFORE = new Date('2024-06-30T18:00:00+08:00');
/** Delivery jobs in flight, and SMTP pool connections to match: the same for ducha and the bare runs. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

/** 100,000 monthly tasks (8,334 items × 12) with raw inserts; next_notify_at as the previous sweep left it. */
function seed(file: string): void {
  const d = new Database(file);
  d.pragma('journal_mode = WAL');
  const t = BEFORE.getTime();
  const calendar = createWorkingCalendar({});
  d.transaction(() => {
    d.prepare(`INSERT INTO org (name, time_zone, created_at) VALUES ('基准测试镇', ?, ?)`).run(TZ, t);
    const unit = d.prepare(`INSERT INTO unit (org_id, name, created_at) VALUES (1, ?, ?)`);
    for (let u = 1; u <= UNITS; u++) unit.run(`单位${u}`, t);
    const person = d.prepare(`INSERT INTO person (org_id, unit_id, name, roles, email, active, created_at) VALUES (1, ?, ?, ?, ?, 1, ?)`);
    for (let i = 1; i <= OWNERS; i++) person.run(((i - 1) % UNITS) + 1, `责任人${i}`, '["staff"]', `owner${i}@bench.local`, t);
    for (let u = 1; u <= UNITS; u++) d.prepare(`UPDATE unit SET head_id = ? WHERE id = ?`).run(u, u); // the first owner of each unit heads it
    for (let i = 1; i <= 3; i++) person.run(null, `主席团${i}`, '["presidium"]', `presidium${i}@bench.local`, t);
    d.prepare(`INSERT INTO plan (org_id, year, title, status, created_at, updated_at) VALUES (1, 2024, '基准计划', 'active', ?, ?)`).run(t, t);
    const items = Math.ceil(TASKS / 12);
    const item = d.prepare(
      `INSERT INTO plan_item (plan_id, sort_order, section_path, title, time_text, owner_id, unit_id, co_unit_ids, evidence_requirements, created_at, updated_at) VALUES (1, ?, '[]', ?, '每月', ?, ?, '[]', '[{"kind":"照片","min":2}]', ?, ?)`,
    );
    for (let i = 0; i < items; i++) item.run(i, `走访活动${i}`, (i % OWNERS) + 1, ((i % OWNERS) % UNITS) + 1, t, t);
    const task =
      d.prepare(`INSERT INTO task (org_id, plan_id, item_id, period_key, label, start_day, due_day, window_start, due_at, status, owner_id, unit_id, escalation_level, return_count, created_at, updated_at, next_notify_at)
      VALUES (1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)`);
    const months = Array.from({ length: 12 }, (_, m) => {
      const mm = String(m + 1).padStart(2, '0');
      const last = new Date(Date.UTC(2024, m + 1, 0)).getUTCDate();
      return { key: `2024-${mm}`, label: `2024年${m + 1}月`, start: `2024-${mm}-01`, due: `2024-${mm}-${last}` };
    });
    let n = 0;
    for (let i = 0; i < items && n < TASKS; i++) {
      for (let m = 0; m < 12 && n < TASKS; m++, n++) {
        const p = months[m];
        const dueAt = endOfDay(p.due, TZ);
        const windowStart = startOfDay(p.start, TZ);
        // Before June: done; June: half still open (now overdue); from July: scheduled.
        const status = m < 5 ? 'done' : m === 5 ? (i % 2 ? 'open' : 'submitted') : 'scheduled';
        const next = notificationsDue({ status, startDay: p.start, dueDay: p.due, dueAt }, BEFORE, calendar, DEFAULT_POLICY, TZ).next;
        const owner = (i % OWNERS) + 1;
        task.run(
          i + 1,
          p.key,
          p.label,
          p.start,
          p.due,
          windowStart.getTime(),
          dueAt.getTime(),
          status,
          owner,
          ((owner - 1) % UNITS) + 1,
          t,
          t,
          next ? next.getTime() : null,
        );
      }
    }
  })();
  d.close();
}

interface Ducha {
  sweepMs: number;
  tasks: number;
  rows: number;
  messages: number;
  pipelineMs: number;
  bareSweepMs: number;
}

async function runDucha(): Promise<Ducha> {
  const db = await scratchDatabase('sqlite');
  const smtp = await countingSink();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: REDIS,
    DUCHA_QUEUE_PREFIX: `bench-sweep-${randomBytes(3).toString('hex')}`,
    DUCHA_SCHEDULER: 'false',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
  });
  config.notifications.concurrency = CONCURRENCY;
  config.notifications.smtpPoolSize = CONCURRENCY;
  await migrate(config);
  seed(config.sqlitePath);
  let app: INestApplication | undefined;
  try {
    app = await createApp({ config, clock: new ManualClock(SWEEP_AT), redisUrl: config.redisUrl! }, false);
    await app.init();
    const sup = app.get(SupervisionService);
    const start = performance.now();
    const r = await sup.runSweep(SWEEP_AT);
    const sweepMs = performance.now() - start;
    await smtp.until(r.messages);
    const pipelineMs = performance.now() - start;
    await sup.waitForIdle(600_000, 20);
    if (smtp.count() !== r.messages) throw new Error(`sink got ${smtp.count()} of ${r.messages} messages`);
    await app.close();
    app = undefined;
    // The bare driver doing the sweep's database work: the same due query, as many ledger inserts, the same task updates.
    const d = new Database(config.sqlitePath);
    d.exec(`CREATE TABLE n2 AS SELECT * FROM notification WHERE 0`);
    const rows = d.prepare(`SELECT * FROM notification`).all() as Array<Record<string, unknown>>;
    const cols = Object.keys(rows[0]).filter((c) => c !== 'id');
    const ins = d.prepare(`INSERT INTO n2 (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
    const upd = d.prepare(`UPDATE task SET next_notify_at = ? WHERE id = ?`);
    const bareSweepMs = await ms(() =>
      d.transaction(() => {
        // As many tasks as the sweep looked at, through the same index (their next instant is in the future now).
        const due = d
          .prepare(`SELECT * FROM task WHERE next_notify_at IS NOT NULL AND next_notify_at <= ? ORDER BY next_notify_at, id LIMIT ?`)
          .all(Number.MAX_SAFE_INTEGER, r.tasks) as Array<{ id: number; next_notify_at: number }>;
        for (const row of rows) ins.run(...cols.map((c) => row[c] as never));
        for (const t of due) upd.run(t.next_notify_at, t.id);
      })(),
    );
    d.close();
    return { sweepMs, tasks: r.tasks, rows: rows.length, messages: r.messages, pipelineMs, bareSweepMs };
  } finally {
    await app?.close();
    await new Promise<void>((res) => smtp.server.close(() => res()));
    await db.drop();
  }
}

/** addBulk of n no-op jobs + a worker at the same concurrency: ms until all completed. */
async function bareBull(n: number, work?: (i: number) => Promise<unknown>): Promise<number> {
  const prefix = `bench-bare-${randomBytes(3).toString('hex')}`;
  const queue = new Queue('bare', { connection: bullConnection(REDIS), prefix });
  let done = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const start = performance.now();
  for (let i = 0; i < n; i += 1000)
    await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'j', data: { i: i + j }, opts: { removeOnComplete: true } })));
  const worker = new Worker('bare', async (job) => (work ? work(job.data.i as number) : undefined), {
    connection: bullConnection(REDIS),
    prefix,
    concurrency: CONCURRENCY,
  });
  worker.on('completed', () => {
    if (++done === n) resolve();
  });
  await finished;
  const elapsed = performance.now() - start;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}

function mailer(port: number) {
  return nodemailer.createTransport({ pool: true, maxConnections: CONCURRENCY, host: '127.0.0.1', port, secure: false, tls: { rejectUnauthorized: false } });
}
const MAIL = (i: number) => ({
  from: 'ducha 督查 <ducha@localhost>',
  to: `owner${(i % OWNERS) + 1}@bench.local`,
  subject: '【督查提醒】您有 2 项工作需要办理',
  text: '张三，您好：\n\n即将到期 / 办理中：\n1. 走访活动（2024年7月）— 截止 2024-07-31，已进入办理期\n'.repeat(3),
  html: '<p>张三，您好：</p><ol><li>走访活动（2024年7月）— 截止 2024-07-31，已进入办理期</li></ol>',
});

async function bareMail(n: number): Promise<number> {
  const smtp = await countingSink();
  const t = mailer(smtp.port);
  const elapsed = await ms(() => Promise.all(Array.from({ length: n }, (_, i) => t.sendMail(MAIL(i)))));
  t.close();
  await new Promise<void>((r) => smtp.server.close(() => r()));
  return elapsed;
}

async function bareBullMail(n: number): Promise<number> {
  const smtp = await countingSink();
  const t = mailer(smtp.port);
  const elapsed = await bareBull(n, (i) => t.sendMail(MAIL(i)));
  t.close();
  await new Promise<void>((r) => smtp.server.close(() => r()));
  return elapsed;
}

async function main(): Promise<void> {
  const rows: Array<{ d: Ducha; bull: number; mail: number; both: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    process.stdout.write(`run ${r + 1}/${RUNS} … `);
    const d = await runDucha();
    const bull = await bareBull(d.messages);
    const mail = await bareMail(d.messages);
    const both = await bareBullMail(d.messages);
    rows.push({ d, bull, mail, both });
    console.log(
      `sweep ${d.tasks} due tasks of ${TASKS} → ${d.rows} ledger rows, ${d.messages} messages: ${d.sweepMs.toFixed(0)} ms (bare SQL ${d.bareSweepMs.toFixed(0)} ms); sweep→sink ${d.pipelineMs.toFixed(0)} ms; bare BullMQ ${bull.toFixed(0)} ms, nodemailer ${mail.toFixed(0)} ms, BullMQ+nodemailer ${both.toFixed(0)} ms`,
    );
  }
  const m = (f: (x: (typeof rows)[number]) => number) => median(rows.map(f));
  const n = rows[0].d.messages;
  const rate = (msTotal: number) => (n / msTotal) * 1000;
  const sweep = m((x) => x.d.sweepMs);
  const bareSweep = m((x) => x.d.bareSweepMs);
  const pipe = rate(m((x) => x.d.pipelineMs));
  const bull = rate(m((x) => x.bull));
  const mail = rate(m((x) => x.mail));
  const both = rate(m((x) => x.both));
  console.log(
    `\n${TASKS.toLocaleString('en')} tasks, ${OWNERS.toLocaleString('en')} owners, SQLite; sweep of ${SWEEP_AT.toISOString()} (${rows[0].d.tasks} tasks due, ${rows[0].d.rows} ledger rows, ${n} messages); medians of ${RUNS}; concurrency ${CONCURRENCY}`,
  );
  table([
    {
      work: 'sweep (query, policy, ledger, digests, enqueue)',
      ducha: `${(sweep / 1000).toFixed(2)} s`,
      bare: `${(bareSweep / 1000).toFixed(2)} s (better-sqlite3: same query, inserts, updates)`,
      ratio: `${(sweep / bareSweep).toFixed(1)}× time`,
    },
    {
      work: 'messages/s, sweep → SMTP sink',
      ducha: `${pipe.toFixed(0)}/s`,
      bare: `${both.toFixed(0)}/s (BullMQ worker + nodemailer pool)`,
      ratio: `${(pipe / both).toFixed(2)} of bare`,
    },
    { work: '  bare BullMQ no-op (addBulk + worker)', ducha: '', bare: `${bull.toFixed(0)} jobs/s`, ratio: `${(pipe / bull).toFixed(2)}` },
    { work: '  bare nodemailer pool → smtp-server', ducha: '', bare: `${mail.toFixed(0)} msgs/s`, ratio: `${(pipe / mail).toFixed(2)}` },
  ]);
  // The whole bench process (ducha in-process, seeding and the bare runs): an upper bound on ducha's own.
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
