/**
 * Messages per second from the sweep to SMTP with 1 and with 3 `ducha worker` processes on
 * PostgreSQL and a shared Redis, beside bare BullMQ + nodemailer with the same number of processes
 * and the same concurrency (bench/bare-worker.ts), in the same run. The clock of the workers is
 * fixed at the sweep instant; the bench enqueues the sweep job and times until the in-process SMTP
 * sink has received every message. Medians of BENCH_RUNS (3). Target: 3 workers ≥ 0.8× bare 3.
 * Run: npm run bench:workers   (OWNERS=3000 by default)
 */
import 'reflect-metadata';
import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import YAML from 'yaml';
import { CLUSTER_NOW, seedDueTasks } from '../test/support/cluster.js';
import { loadConfig } from '../src/config/app-config.js';
import { migrate } from '../src/database/migrate.js';
import { QUEUES, sweepJobId } from '../src/jobs/catalogue.js';
import { bullConnection } from '../src/jobs/job-host.js';
import { countingSink, median, pgReachable, scratchDatabase, table } from './support.js';

const OWNERS = Number(process.env.OWNERS ?? 3000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** BENCH_PROCS=1 or 3 to run one size only (iteration); both by default. */
const PROCS = (process.env.BENCH_PROCS ?? '1,3').split(',').map(Number);
/** BENCH_PROFILE=dir: each ducha worker writes a V8 CPU profile there when it exits (node --cpu-prof). */
const PROFILE = process.env.BENCH_PROFILE;
const TICKS = 100; // USER_HZ of Linux /proc/<pid>/stat

/** CPU seconds (user + system) a process has used so far, from /proc; 0 when it is gone. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}
const sumCpu = (pids: Array<number | undefined>) => pids.reduce<number>((a, p) => a + cpuSeconds(p), 0);

/** The PostgreSQL backends serving one database (the workers' pools), by pid. */
async function backendPids(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
}

/** Spawns a process and resolves once it printed `readyText`. */
function startProcess(args: string[], env: Record<string, string>, readyText: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      if (readyText.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited ${code}: ${out.slice(-2000)}`)));
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((r) => {
          if (c.exitCode !== null) return r();
          c.removeAllListeners('exit');
          c.once('exit', () => r());
          c.kill('SIGTERM');
        }),
    ),
  );
}

/** ducha: `processes` workers, the sweep enqueued by the bench, timed until the sink has every message. */
interface Rate {
  /** From the trigger (sweep enqueued / jobs added) to the last message at the sink. */
  total: number;
  /** From the first message at the sink to the last: delivery alone. */
  delivery: number;
  /** CPU seconds from the trigger to the last message: the worker processes, and (ducha) their PostgreSQL backends. */
  workerCpu: number;
  dbCpu: number;
}

async function runDucha(processes: number): Promise<Rate> {
  const db = await scratchDatabase('postgres', 'workers');
  const smtp = await countingSink();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-bench-workers-'));
  const prefix = `bench-workers-${randomBytes(3).toString('hex')}`;
  const children: ChildProcess[] = [];
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: REDIS });
    await migrate(config);
    await seedDueTasks(config, OWNERS);
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, YAML.stringify({ notifications: { concurrency: CONCURRENCY, smtpPoolSize: CONCURRENCY }, reports: { enabled: false } }));
    const env = {
      NODE_ENV: 'test',
      DUCHA_CONFIG: file,
      DATABASE_URL: db.url,
      REDIS_URL: REDIS,
      DUCHA_QUEUE_PREFIX: prefix,
      DUCHA_DATA_DIR: dir,
      SMTP_PORT: String(smtp.port),
      DUCHA_NOW: CLUSTER_NOW,
    };
    for (let i = 0; i < processes; i++)
      children.push(await startProcess([...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []), 'dist/cli.js', 'worker'], env, /ducha worker 已启动/));
    const queue = new Queue(QUEUES.sweep, { connection: bullConnection(REDIS), prefix });
    const at = new Date(CLUSTER_NOW);
    const backends = await backendPids(db.url);
    const workerPids = children.map((c) => c.pid);
    const cpu0 = { workers: sumCpu(workerPids), db: sumCpu(backends) };
    // BENCH_VERBOSE: a poor man's profile of PostgreSQL, the statements seen active every 5 ms.
    const seen = new Map<string, number>();
    let sampling = Boolean(process.env.BENCH_VERBOSE);
    const sampler = (async () => {
      if (!sampling) return;
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      while (sampling) {
        const r = await c.query<{ q: string }>(
          "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS q FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()",
        );
        for (const { q } of r.rows) seen.set(q, (seen.get(q) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 5));
      }
      await c.end();
    })();
    const start = performance.now();
    await queue.add('sweep', { at: at.toISOString() }, { jobId: sweepJobId(at.getTime()) });
    await smtp.until(OWNERS);
    sampling = false;
    await sampler;
    for (const [q, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`pg active ${n}× ${q}`);
    const end = performance.now();
    if (process.env.BENCH_VERBOSE) console.log(`ducha: ${Math.round(smtp.bytes() / OWNERS)} bytes a message, e.g.\n${smtp.first()}`);
    // Pool connections opened during the run count from zero (their start-up is part of the work).
    const later = (await backendPids(db.url)).filter((p) => !backends.includes(p));
    if (process.env.BENCH_VERBOSE) {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const r = await c.query<{ pid: number; query: string; application_name: string }>(
        'SELECT pid, query, application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await c.end();
      for (const b of r.rows)
        console.log(
          `backend ${b.pid} ${later.includes(b.pid) ? 'new' : 'old'} ${cpuSeconds(b.pid).toFixed(2)} s: ${b.query.replace(/\s+/g, ' ').slice(0, 90)}`,
        );
    }
    const cpu1 = { workers: sumCpu(workerPids), db: sumCpu(backends) + sumCpu(later) };
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    return {
      total: (OWNERS / (end - start)) * 1000,
      delivery: ((OWNERS - 1) / (end - smtp.firstAt())) * 1000,
      workerCpu: cpu1.workers - cpu0.workers,
      dbCpu: cpu1.db - cpu0.db,
    };
  } finally {
    await stopAll(children);
    await new Promise<void>((r) => smtp.server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}

/** Bare: `processes` BullMQ + nodemailer workers, OWNERS jobs added in bulk by the bench, timed the same way. */
async function runBare(processes: number): Promise<Rate> {
  const smtp = await countingSink();
  const prefix = `bench-bare-${randomBytes(3).toString('hex')}`;
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++)
      children.push(
        await startProcess(
          [
            ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}/bare`] : []),
            '.build/bench/bare-worker.js',
            REDIS,
            prefix,
            String(smtp.port),
            String(CONCURRENCY),
          ],
          {},
          /ready/,
        ),
      );
    const queue = new Queue('bare', { connection: bullConnection(REDIS), prefix });
    const workerPids = children.map((c) => c.pid);
    const cpu0 = sumCpu(workerPids);
    const start = performance.now();
    for (let i = 0; i < OWNERS; i += 1000)
      await queue.addBulk(Array.from({ length: Math.min(1000, OWNERS - i) }, (_, j) => ({ name: 'j', data: { i: i + j }, opts: { removeOnComplete: true } })));
    await smtp.until(OWNERS);
    const end = performance.now();
    if (process.env.BENCH_VERBOSE) console.log(`bare: ${Math.round(smtp.bytes() / OWNERS)} bytes a message, e.g.\n${smtp.first()}`);
    const cpu1 = sumCpu(workerPids);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    return { total: (OWNERS / (end - start)) * 1000, delivery: ((OWNERS - 1) / (end - smtp.firstAt())) * 1000, workerCpu: cpu1 - cpu0, dbCpu: 0 };
  } finally {
    await stopAll(children);
    await new Promise<void>((r) => smtp.server.close(() => r()));
  }
}

async function main(): Promise<void> {
  if (!(await pgReachable())) throw new Error('bench:workers needs PostgreSQL (DUCHA_BENCH_PG_URL)');
  const results: Record<'d1' | 'b1' | 'd3' | 'b3', Rate[]> = { d1: [], b1: [], d3: [], b3: [] };
  const f = (r: Rate) =>
    `${r.total.toFixed(0)}/s (delivery ${r.delivery.toFixed(0)}/s, CPU ${r.workerCpu.toFixed(2)} s${r.dbCpu ? ` + PostgreSQL ${r.dbCpu.toFixed(2)} s` : ''})`;
  for (let r = 0; r < RUNS; r++) {
    if (PROCS.includes(1)) {
      results.d1.push(await runDucha(1));
      results.b1.push(await runBare(1));
    }
    if (PROCS.includes(3)) {
      results.d3.push(await runDucha(3));
      results.b3.push(await runBare(3));
    }
    const part = (d: 'd1' | 'd3', b: 'b1' | 'b3', n: number) => (results[d][r] ? `ducha ${n} ${f(results[d][r])}, bare ${n} ${f(results[b][r])}` : '');
    console.log(`run ${r + 1}/${RUNS}: ${[part('d1', 'b1', 1), part('d3', 'b3', 3)].filter(Boolean).join('; ')}`);
  }
  const m = (k: keyof typeof results, part: keyof Rate) => median(results[k].map((x) => x[part]));
  console.log(`\n${OWNERS} due tasks → ${OWNERS} messages, PostgreSQL, concurrency ${CONCURRENCY} per process; medians of ${RUNS}`);
  const row = (n: 1 | 3) => {
    const [d, b] = n === 1 ? (['d1', 'b1'] as const) : (['d3', 'b3'] as const);
    return {
      processes: n,
      'ducha sweep → SMTP': `${m(d, 'total').toFixed(0)} msg/s`,
      'bare BullMQ + nodemailer': `${m(b, 'total').toFixed(0)} msg/s`,
      ratio: `${(m(d, 'total') / m(b, 'total')).toFixed(2)}×${n === 3 ? ' (target ≥ 0.8)' : ''}`,
      'delivery alone (first → last mail)': `${m(d, 'delivery').toFixed(0)} vs ${m(b, 'delivery').toFixed(0)} msg/s = ${(m(d, 'delivery') / m(b, 'delivery')).toFixed(2)}×`,
      'CPU s (workers + PostgreSQL) vs bare': `${m(d, 'workerCpu').toFixed(2)} + ${m(d, 'dbCpu').toFixed(2)} vs ${m(b, 'workerCpu').toFixed(2)}`,
    };
  };
  table(PROCS.filter((n): n is 1 | 3 => n === 1 || n === 3).map(row));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
