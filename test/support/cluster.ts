import { spawn, type ChildProcess } from 'node:child_process';
import { TASK_CORE_COLUMNS } from '../../src/tasks/task-insert-columns.js';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import YAML from 'yaml';
import { bulkInsert } from '../../src/database/bulk-insert.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { dialectOf } from '../../src/database/dialect.js';
import { freePort, ping } from '../../src/redis/redis-connection.js';
import { endOfDay, startOfDay } from '../../src/schedule/index.js';
import type { AppConfig } from '../../src/config/app-config.js';

/** Real processes of the compiled CLI, a redis-server of the test's own and the data they share: for the distributed e2e tests. */

export { freePort };

/** Polls `check` (every `everyMs`) until it returns true; throws with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A redis-server on a free port, with AOF (fsync always) or with no persistence at all; restartable on the same port. */
export class RedisServer {
  port = 0;
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-redis-'));
  constructor(private readonly aof: boolean) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const persistence = this.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--maxmemory-policy', 'noeviction', ...persistence],
      { stdio: 'ignore' },
    );
    await until(`redis on ${this.port}`, () => ping(this.url, 200), 10_000, 25);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM'); // flushes the AOF when there is one
    });
  }

  /** Stops and starts again on the same port: with AOF its data comes back, without it Redis is empty. */
  async restart(): Promise<void> {
    await this.stop();
    if (!this.aof) rmSync(path.join(this.dir, 'dump.rdb'), { force: true });
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ClusterEnv {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  smtpPort: number;
  now: string;
  /** Deep-merged into the process config (written to a DUCHA_CONFIG file). */
  config: Record<string, unknown>;
}

/** One process of `node dist/cli.js …`, its output in a log file (printed when a test fails). */
export class DuchaProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private output = '';
  private readonly started: Promise<void>;

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string>,
    readonly logDir: string,
  ) {
    this.child = spawn(process.execPath, ['dist/cli.js', ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
    let ready!: () => void;
    let failed!: (e: Error) => void;
    this.started = new Promise((res, rej) => ((ready = res), (failed = rej)));
    const onData = (c: Buffer) => {
      log.write(c);
      this.output = (this.output + c.toString()).slice(-20_000);
      if (/ducha (worker )?已启动/.test(this.output)) ready();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        log.end();
        failed(new Error(`${name} exited (${code ?? signal}) before it started:\n${this.output.slice(-3000)}`));
        resolve(code ?? (signal ? -1 : null));
      }),
    );
  }

  ready(): Promise<void> {
    return this.started;
  }

  get log(): string {
    return this.output;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** Starts `ducha serve` / `ducha worker` processes sharing one database, Redis, prefix and SMTP sink. */
export class Cluster {
  readonly logDir = mkdtempSync(path.join(os.tmpdir(), 'ducha-cluster-'));
  readonly processes: DuchaProcess[] = [];
  constructor(public env: ClusterEnv) {}

  private envFor(name: string, extra: Record<string, string>): Record<string, string> {
    const file = path.join(this.logDir, `${name}.yaml`);
    writeFileSync(file, YAML.stringify(this.env.config));
    return {
      NODE_ENV: 'test',
      DUCHA_CONFIG: file,
      DATABASE_URL: this.env.databaseUrl,
      REDIS_URL: this.env.redisUrl,
      DUCHA_QUEUE_PREFIX: this.env.prefix,
      DUCHA_DATA_DIR: path.join(this.logDir, `data-${name}`),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.env.smtpPort),
      SMTP_CLIENT_NAME: name,
      DUCHA_NOW: this.env.now,
      ...extra,
    };
  }

  async api(name = 'api', extra: Record<string, string> = {}): Promise<{ proc: DuchaProcess; url: string }> {
    const port = await freePort();
    const proc = new DuchaProcess(name, ['serve', '--roles', 'api,scheduler'], this.envFor(name, { PORT: String(port), ...extra }), this.logDir);
    this.processes.push(proc);
    await proc.ready();
    return { proc, url: `http://127.0.0.1:${port}` };
  }

  async worker(name: string, extra: Record<string, string> = {}): Promise<DuchaProcess> {
    const proc = new DuchaProcess(name, ['worker'], this.envFor(name, extra), this.logDir);
    this.processes.push(proc);
    await proc.ready();
    return proc;
  }

  logs(): string {
    return this.processes.map((p) => `----- ${p.name}\n${p.log.slice(-4000)}`).join('\n');
  }

  async stop(): Promise<void> {
    for (const p of this.processes) p.kill('SIGKILL');
    await Promise.all(this.processes.map((p) => p.exited));
    rmSync(this.logDir, { recursive: true, force: true });
  }
}

/** Monday 1 July 2024, 09:30 Beijing: each seeded task fell due on Friday and is overdue now (one notice to its owner). */
export const CLUSTER_NOW = '2024-07-01T09:30:00+08:00';
export const SEED_ORG = '分布式测试镇';

/**
 * One org, `owners` people with an address, each owning one task overdue since Friday that the next
 * sweep picks up (next_notify_at 0), and one presidium member: the sweep makes `owners` digests and
 * one presidium alert. Plain multi-row inserts into a fresh database (ids start at 1).
 */
export async function seedDueTasks(config: Pick<AppConfig, 'databaseUrl' | 'isPostgres' | 'sqlitePath'>, owners: number): Promise<void> {
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  try {
    const t = new Date(CLUSTER_NOW).getTime() - 7 * 86_400_000;
    const m = ds.manager;
    const b = dialectOf(ds).bool;
    await bulkInsert(m, 'org', ['name', 'time_zone', 'created_at'], [[SEED_ORG, 'Asia/Shanghai', t]]);
    await bulkInsert(m, 'unit', ['org_id', 'name', 'created_at'], [[1, '镇党政办', t]]);
    const people = Array.from({ length: owners }, (_, i) => [1, 1, `责任人${i + 1}`, '["staff"]', `owner${i + 1}@town.test`, b(true), t]);
    people.push([1, null, '主席团成员', '["presidium"]', 'presidium@town.test', b(true), t]);
    await bulkInsert(m, 'person', ['org_id', 'unit_id', 'name', 'roles', 'email', 'active', 'created_at'], people);
    await bulkInsert(m, 'plan', ['org_id', 'year', 'title', 'status', 'created_at', 'updated_at'], [[1, 2024, '2024年工作计划', 'active', t, t]]);
    await bulkInsert(
      m,
      'plan_item',
      [
        'plan_id',
        'sort_order',
        'section_path',
        'title',
        'time_text',
        'owner_id',
        'unit_id',
        'co_unit_ids',
        'evidence_requirements',
        'created_at',
        'updated_at',
      ],
      Array.from({ length: owners }, (_, i) => [1, i, '[]', `走访活动${i + 1}`, '6月底前', i + 1, 1, '[]', '[{"kind":"照片","min":1}]', t, t]),
    );
    const due = endOfDay('2024-06-28', 'Asia/Shanghai').getTime();
    const start = startOfDay('2024-06-01', 'Asia/Shanghai').getTime();
    await bulkInsert(
      m,
      'task',
      [...TASK_CORE_COLUMNS, 'escalation_level', 'return_count', 'created_at', 'updated_at', 'next_notify_at'],
      Array.from({ length: owners }, (_, i) => [1, 1, i + 1, '2024-06', '2024年6月', '2024-06-01', '2024-06-28', start, due, 'open', i + 1, 1, 0, 0, t, t, 0]),
    );
    // Statistics as a database in service has them (autovacuum analyzes after the first changes): the
    // migration analyzed empty tables, and plans made for empty tables scan every person per message.
    if (config.isPostgres) await ds.query('ANALYZE');
  } finally {
    await ds.destroy();
  }
}

/** Counts of ledger messages by status, read by the test itself. */
export async function messageStatuses(ds: DataSource): Promise<Record<string, number>> {
  const rows = (await ds.query('SELECT status, COUNT(*) AS n FROM notification_message GROUP BY status')) as Array<{ status: string; n: string | number }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
