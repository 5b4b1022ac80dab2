/**
 * Activation of plans into 100,000 tasks, and listing one owner's open tasks, on SQLite and
 * (when reachable) PostgreSQL — each beside the bare driver doing the same inserts and query in
 * the same run. Run: npm run bench:activation   (BENCH_RUNS=3 by default; medians printed)
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ManualClock } from '../src/clock/clock.js';
import { loadConfig } from '../src/config/app-config.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { PlansService } from '../src/plans/plans.service.js';
import { TasksService } from '../src/tasks/tasks.service.js';
import { median, ms, pgReachable, scratchDatabase, table } from './support.js';

const PLANS = 10;
const ITEMS_PER_PLAN = 834; // monthly items: 10 × 834 × 12 = 100,080 tasks
const OWNERS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIST_REPEATS = 50;
const NOW = '2024-07-01T02:00:00Z';

async function seed(ds: DataSource): Promise<number[]> {
  const t = Date.parse(NOW);
  await ds.query(`INSERT INTO org (name, time_zone, created_at) VALUES ('基准测试镇', 'Asia/Shanghai', ${t})`);
  await ds.query(`INSERT INTO unit (org_id, name, created_at) VALUES (1, '基准单位', ${t})`);
  for (let i = 0; i < OWNERS; i += 100) {
    const values = Array.from({ length: 100 }, (_, j) => `(1, 1, '责任人${i + j}', '["staff"]', ${t})`).join(',');
    await ds.query(`INSERT INTO person (org_id, unit_id, name, roles, created_at) VALUES ${values}`);
  }
  const planIds: number[] = [];
  for (let p = 0; p < PLANS; p++) {
    await ds.query(`INSERT INTO plan (org_id, year, title, status, created_at, updated_at) VALUES (1, 2024, '基准计划${p}', 'draft', ${t}, ${t})`);
    const [{ id }] = await ds.query(`SELECT MAX(id) AS id FROM plan`);
    planIds.push(Number(id));
    for (let i = 0; i < ITEMS_PER_PLAN; i += 200) {
      const n = Math.min(200, ITEMS_PER_PLAN - i);
      const values = Array.from({ length: n }, (_, j) => {
        const owner = ((p * ITEMS_PER_PLAN + i + j) % OWNERS) + 1;
        const schedule = JSON.stringify({ window: null, deadline: null, recurrence: 'monthly', times: 1, year: null });
        return `(${id}, ${i + j}, '[]', '走访活动${i + j}', '每月开展一次', '${schedule}', ${owner}, 1, '[]', '[]', ${t}, ${t})`;
      }).join(',');
      await ds.query(
        `INSERT INTO plan_item (plan_id, sort_order, section_path, title, time_text, schedule, owner_id, unit_id, co_unit_ids, evidence_requirements, created_at, updated_at) VALUES ${values}`,
      );
    }
  }
  return planIds;
}

interface Figures {
  activateMs: number;
  tasks: number;
  listMs: number;
}

async function runDucha(kind: 'sqlite' | 'postgres'): Promise<Figures> {
  const db = await scratchDatabase(kind);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DUCHA_QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
  await migrate(config);
  let app: INestApplication | undefined;
  try {
    app = await createApp({ config, clock: new ManualClock(NOW), redisUrl: config.redisUrl! }, false);
    await app.init();
    const ds = app.get(DataSource);
    const planIds = await seed(ds);
    const plans = app.get(PlansService);
    let tasks = 0;
    const activateMs = await ms(async () => {
      for (const id of planIds) tasks += (await plans.activate(id, null, { allowUnowned: true })).created;
    });
    const list = app.get(TasksService);
    const times: number[] = [];
    for (let i = 0; i < LIST_REPEATS; i++) times.push(await ms(() => list.list({ owner: (i % OWNERS) + 1, status: 'open', pageSize: 50 })));
    return { activateMs, tasks, listMs: median(times) };
  } finally {
    await app?.close();
    await db.drop();
  }
}

/** The bare driver inserting the same rows (tasks + one audit row each) and running the same list query. */
async function runBare(kind: 'sqlite' | 'postgres', tasks: number): Promise<{ insertMs: number; listMs: number }> {
  const db = await scratchDatabase(kind);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url });
  await migrate(config);
  const t = Date.parse(NOW);
  const rows = Array.from({ length: tasks }, (_, i) => [
    1,
    1,
    1,
    `2024-M${String((i % 12) + 1).padStart(2, '0')}-${i}`,
    '2024年1月',
    '2024-01-01',
    '2024-01-31',
    t,
    t + 86_400_000,
    'open',
    (i % OWNERS) + 1,
    1,
    0,
    0,
    t,
    t,
  ]);
  const cols =
    'org_id, plan_id, item_id, period_key, label, start_day, due_day, window_start, due_at, status, owner_id, unit_id, escalation_level, return_count, created_at, updated_at';
  const listSql = `SELECT * FROM task WHERE owner_id = $1 AND status = 'open' ORDER BY due_at, id LIMIT 50`;
  const countSql = `SELECT COUNT(*) FROM task WHERE owner_id = $1 AND status = 'open'`;
  try {
    if (kind === 'sqlite') {
      const d = new Database(config.sqlitePath);
      d.pragma('journal_mode = WAL');
      d.pragma('synchronous = NORMAL');
      await seedBare(d);
      const ins = d.prepare(
        `INSERT INTO task (${cols}) VALUES (${cols
          .split(',')
          .map(() => '?')
          .join(',')})`,
      );
      const audit = d.prepare(
        `INSERT INTO audit_event (org_id, entity_type, entity_id, task_id, action, to_status, at) VALUES (1, 'task', ?, ?, 'created', 'open', ?)`,
      );
      const insertMs = await ms(() =>
        d.transaction(() => {
          for (const r of rows) {
            const id = ins.run(...r).lastInsertRowid;
            audit.run(id, id, t);
          }
        })(),
      );
      const list = d.prepare(listSql.replace('$1', '?'));
      const count = d.prepare(countSql.replace('$1', '?'));
      const times: number[] = [];
      for (let i = 0; i < LIST_REPEATS; i++)
        times.push(
          await ms(() => {
            list.all((i % OWNERS) + 1);
            count.get((i % OWNERS) + 1);
          }),
        );
      d.close();
      return { insertMs, listMs: median(times) };
    }
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`INSERT INTO org (name, time_zone, created_at) VALUES ('b', 'Asia/Shanghai', 0)`);
    await c.query(`INSERT INTO plan (org_id, year, title, status, created_at, updated_at) VALUES (1, 2024, 'b', 'draft', 0, 0)`);
    await c.query(
      `INSERT INTO plan_item (plan_id, section_path, title, co_unit_ids, evidence_requirements, created_at, updated_at) VALUES (1, '[]', 'b', '[]', '[]', 0, 0)`,
    );
    await c.query(`INSERT INTO unit (org_id, name, created_at) VALUES (1, 'u', 0)`);
    await c.query(`INSERT INTO person (org_id, name, roles, created_at) SELECT 1, 'p' || g, '[]', 0 FROM generate_series(1, ${OWNERS}) g`);
    const insertMs = await ms(async () => {
      await c.query('BEGIN');
      for (let i = 0; i < rows.length; i += 400) {
        const chunk = rows.slice(i, i + 400);
        const params: unknown[] = [];
        const values = chunk
          .map(
            (r) =>
              `(${r
                .map((v) => {
                  params.push(v);
                  return `$${params.length}`;
                })
                .join(',')})`,
          )
          .join(',');
        const res = await c.query(`INSERT INTO task (${cols}) VALUES ${values} RETURNING id`, params);
        const ids = res.rows.map((x: { id: number }) => x.id);
        await c.query(
          `INSERT INTO audit_event (org_id, entity_type, entity_id, task_id, action, to_status, at) SELECT 1, 'task', x, x, 'created', 'open', ${t} FROM unnest($1::int[]) x`,
          [ids],
        );
      }
      await c.query('COMMIT');
    });
    const times: number[] = [];
    for (let i = 0; i < LIST_REPEATS; i++)
      times.push(
        await ms(async () => {
          await c.query(listSql, [(i % OWNERS) + 1]);
          await c.query(countSql, [(i % OWNERS) + 1]);
        }),
      );
    await c.end();
    return { insertMs, listMs: median(times) };
  } finally {
    await db.drop();
  }
}

async function seedBare(d: Database.Database): Promise<void> {
  d.exec(`INSERT INTO org (name, time_zone, created_at) VALUES ('b', 'Asia/Shanghai', 0);
    INSERT INTO unit (org_id, name, created_at) VALUES (1, 'u', 0);
    INSERT INTO plan (org_id, year, title, status, created_at, updated_at) VALUES (1, 2024, 'b', 'draft', 0, 0);
    INSERT INTO plan_item (plan_id, section_path, title, co_unit_ids, evidence_requirements, created_at, updated_at) VALUES (1, '[]', 'b', '[]', '[]', 0, 0);`);
  const p = d.prepare(`INSERT INTO person (org_id, name, roles, created_at) VALUES (1, ?, '[]', 0)`);
  d.transaction(() => {
    for (let i = 1; i <= OWNERS; i++) p.run(`p${i}`);
  })();
}

async function main(): Promise<void> {
  const kinds: Array<'sqlite' | 'postgres'> = ['sqlite'];
  if (await pgReachable()) kinds.push('postgres');
  else console.log('PostgreSQL not reachable: SQLite only');
  const out: Array<Record<string, string | number>> = [];
  for (const kind of kinds) {
    const ducha: Figures[] = [];
    const bare: Array<{ insertMs: number; listMs: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      process.stdout.write(`${kind}: run ${r + 1}/${RUNS} … `);
      const d = await runDucha(kind);
      const b = await runBare(kind, d.tasks);
      ducha.push(d);
      bare.push(b);
      console.log(
        `activate ${d.tasks} tasks ${(d.activateMs / 1000).toFixed(2)} s (bare ${(b.insertMs / 1000).toFixed(2)} s); list ${d.listMs.toFixed(2)} ms (bare ${b.listMs.toFixed(2)} ms)`,
      );
    }
    const a = median(ducha.map((x) => x.activateMs));
    const ab = median(bare.map((x) => x.insertMs));
    const l = median(ducha.map((x) => x.listMs));
    const lb = median(bare.map((x) => x.listMs));
    out.push({
      db: kind,
      work: `activate → ${ducha[0].tasks} tasks`,
      ducha: `${(a / 1000).toFixed(2)} s`,
      bare: `${(ab / 1000).toFixed(2)} s`,
      ratio: `${(a / ab).toFixed(1)}×`,
    });
    out.push({
      db: kind,
      work: "one owner's open tasks (page of 50 + total)",
      ducha: `${l.toFixed(2)} ms`,
      bare: `${lb.toFixed(2)} ms`,
      ratio: `${(l / lb).toFixed(1)}×`,
    });
  }
  console.log(`\nmedians of ${RUNS} runs (bare = the driver alone inserting the same task and audit rows / running the same query)`);
  table(out);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
