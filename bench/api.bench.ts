/**
 * The API at county scale (#14): ducha's HTTP server beside a bare node:http server running the same
 * SQL on the same driver (better-sqlite3 / pg), on SQLite and PostgreSQL (when reachable), with
 * BENCH_TASKS (100,000) tasks of 2,000 staff in 50 units. autocannon (in a child process) drives
 * a staff member's task list (GET /api/tasks?owner=me, tokens of 200 staff in turn) and a task's
 * detail at 10 / 50 / 100 connections; then the board of a year (sequential requests), and
 * /api/health under load while a quarterly report of the org renders. Medians of BENCH_RUNS (3).
 * Run: npm run bench:api   (BENCH_SECONDS per load run, default 5)
 * `stack` is GET /api (no SQL, no login) beside a constant answer: what the HTTP stack alone (fastify, Nest, helmet,
 * request id, static files) leaves of bare node:http, the ceiling of every route's ratio. The bare servers answer
 * with the headers ducha sends (helmet's set and a request id: ~870 bytes), so both put the same bytes on the
 * wire and the load generator parses the same answers (without them the bare answers were 1 header, and the
 * client's parsing alone took the stack's ratio from ~0.62 to ~0.48).
 * One slice while developing: BENCH_ONLY=stack|list|detail|board|health (comma-separated), BENCH_DB=sqlite|postgres,
 * BENCH_CONNECTIONS=50, BENCH_RUNS=1; BENCH_PROFILE=dir writes a .cpuprofile of this process (ducha's server
 * and the bare one both run here) for each ducha load run; BENCH_EXPLAIN=1 prints, for each statement a route sends,
 * its plan and its median time on the bare driver (where a route's database time goes).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource, type Logger, type QueryRunner } from 'typeorm';
import { AuthToken } from '../src/auth/auth.entities.js';
import { newToken } from '../src/auth/password.js';
import { ManualClock } from '../src/clock/clock.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { migrate } from '../src/database/migrate.js';
import { refreshPlannerStats } from '../src/database/planner-stats.js';
import { createApp } from '../src/main.js';
import { TasksService } from '../src/tasks/tasks.service.js';
import type { ListTasksQuery } from '../src/tasks/dto/tasks.dto.js';
import { AuthService } from '../src/auth/auth.service.js';
import type { LoadResult, LoadSpec } from './load-worker.js';
import { median, pgReachable, scratchDatabase, table } from './support.js';
import { seedOrgTasks } from './task-seed.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const OWNERS = 2_000;
const UNITS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50,100').split(',').map(Number);
const NOW = new Date('2024-07-10T02:00:00Z'); // Q3 under way: June's stragglers overdue, July open
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SAMPLE = 200; // staff whose tokens the list load cycles through
const ONLY = new Set((process.env.BENCH_ONLY ?? 'stack,list,detail,board,health').split(','));
const DBS = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',');
const PROFILE = process.env.BENCH_PROFILE;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

/** `run` under the V8 CPU profiler when BENCH_PROFILE names a directory (the profile is written there as `name`.cpuprofile). */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${PROFILE}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

function load(spec: LoadSpec): { done: Promise<LoadResult>; stop: () => void } {
  const child = fork(fileURLToPath(new URL('./load-worker.js', import.meta.url)), { env: { ...process.env, LOAD_SPEC: JSON.stringify(spec) } });
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (r) => {
      resolve(r as LoadResult);
      child.kill();
    });
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
  });
  return { done, stop: () => child.send('stop') };
}

type Captured = { sql: string; params: unknown[] };

/** The task SQL a route sends (recorded through TypeORM's logger while the route answers once). */
async function capture(ds: DataSource, call: () => Promise<unknown>): Promise<Captured[]> {
  const logger = ds.logger;
  const out: Captured[] = [];
  const recorder: Logger = {
    logQuery: (sql: string, params?: unknown[], qr?: QueryRunner) => {
      if (/^\s*SELECT/i.test(sql) && !/auth_token|"person" "Person"|FROM "org" "o"/.test(sql)) out.push({ sql, params: params ?? [] });
      logger.logQuery(sql, params, qr);
    },
    logQueryError: (...a) => logger.logQueryError(...a),
    logQuerySlow: (...a) => logger.logQuerySlow(...a),
    logSchemaBuild: (...a) => logger.logSchemaBuild(...a),
    logMigration: (...a) => logger.logMigration(...a),
    log: (...a) => logger.log(...a),
  };
  Object.assign(ds, { logger: recorder });
  try {
    await call();
  } finally {
    Object.assign(ds, { logger });
  }
  return out;
}

/** The captured queries with every parameter equal to `from` replaced by the request's value. */
function template(queries: Captured[], from: number): (value: number) => Captured[] {
  // A value written into the SQL text would leave the bare server running one constant statement.
  const literal = new RegExp(`= ${from}\\b`);
  const inlined = queries.find((q) => literal.test(q.sql) && !q.params.some((p) => Number(p) === from));
  if (inlined) throw new Error(`the request's value ${from} is a literal in the SQL, not a parameter: ${inlined.sql.slice(0, 200)}`);
  const slots = queries.map((q) => q.params.map((p, i) => (Number(p) === from ? i : -1)).filter((i) => i >= 0));
  // Bound the way ducha binds it (integers as BigInt on SQLite: INTEGER, not REAL).
  return (value) =>
    queries.map((q, k) => ({ sql: q.sql, params: q.params.map((p, i) => (slots[k].includes(i) ? (typeof p === 'bigint' ? BigInt(value) : value) : p)) }));
}

/** A bare node:http server: the same SQL through the same driver (prepared: better-sqlite3 statements, pg named statements), rows as JSON. */
async function bareServer(
  config: AppConfig,
  routes: { list: (owner: number) => Captured[]; detail: (task: number) => Captured[]; board: Captured[]; root: string },
  headers: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const head = () => ({ ...headers, 'x-request-id': randomUUID(), 'content-type': 'application/json' });
  let run: (qs: Captured[]) => Promise<unknown[]>;
  let closeDb: () => Promise<void>;
  if (config.isPostgres) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // Named statements, as ducha's reads are (src/database/direct-reads.ts): parsed and planned once per connection.
    const names = new Map<string, string>();
    const named = (sql: string) => names.get(sql) ?? names.set(sql, `bare_${names.size + 1}`).get(sql)!;
    run = (qs) => Promise.all(qs.map(async (q) => (await pool.query({ name: named(q.sql), text: q.sql, values: q.params })).rows));
    closeDb = () => pool.end();
  } else {
    const db = new Database(config.sqlitePath);
    db.pragma('journal_mode = WAL');
    const stmts = new Map<string, Database.Statement>();
    const prep = (sql: string) => stmts.get(sql) ?? stmts.set(sql, db.prepare(sql)).get(sql)!;
    run = async (qs) => qs.map((q) => prep(q.sql).all(...(q.params as unknown[])));
    closeDb = async () => void db.close();
  }
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/root') {
      res.writeHead(200, head()).end(routes.root);
      return;
    }
    const m = /^\/tasks\/(\d+)$/.exec(u.pathname);
    const qs = m
      ? routes.detail(Number(m[1]))
      : u.pathname === '/tasks'
        ? routes.list(Number(u.searchParams.get('owner')))
        : u.pathname === '/board'
          ? routes.board
          : u.pathname === '/health'
            ? [{ sql: 'SELECT 1', params: [] }]
            : null;
    if (!qs) {
      res.writeHead(404).end();
      return;
    }
    run(qs).then(
      (rows) => res.writeHead(200, head()).end(JSON.stringify(rows)),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await closeDb();
    },
  };
}

/** Median of `n` timed calls of `call` (after as many untimed ones), in µs. */
async function medianMicros(n: number, call: () => unknown): Promise<number> {
  for (let i = 0; i < n; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return median(times) * 1000;
}

/**
 * BENCH_EXPLAIN=1: the routes' service calls in this process, one at a time (no HTTP, no concurrency), and on SQLite
 * their statements alone and the list's page read as objects and as arrays — what each layer of a request costs.
 */
async function inProcessTimes(
  app: INestApplication,
  config: AppConfig,
  c: { list: Captured[]; detail: Captured[]; actorToken: string; taskIds: number[] },
): Promise<void> {
  const svc = app.get(TasksService);
  const actor = await app.get(AuthService).authenticate(c.actorToken);
  let i = 0;
  console.log(`-- TasksService.detail in process: ${fmt(await medianMicros(3000, () => svc.detail(c.taskIds[i++ % c.taskIds.length])), 0)} µs median`);
  console.log(
    `-- TasksService.list + JSON.stringify in process: ${fmt(await medianMicros(1000, async () => JSON.stringify(await svc.list({ owner: 'me' } as ListTasksQuery, actor))), 0)} µs median`,
  );
  if (config.isPostgres) return;
  const db = new Database(config.sqlitePath, { readonly: true });
  try {
    const detail = c.detail.map((q) => ({ stmt: db.prepare(q.sql), params: q.params }));
    console.log(
      `-- the detail's ${detail.length} statements: ${fmt(await medianMicros(3000, () => detail.forEach((q) => q.stmt.all(...q.params))), 0)} µs median`,
    );
    const [page] = c.list;
    const asObjects = db.prepare(page.sql);
    const asArrays = db.prepare(page.sql).raw(true);
    console.log(`-- the list's page as objects: ${fmt(await medianMicros(2000, () => asObjects.all(...page.params)), 0)} µs median`);
    console.log(`-- the list's page as arrays: ${fmt(await medianMicros(2000, () => asArrays.all(...page.params)), 0)} µs median`);
  } finally {
    db.close();
  }
}

/** Each captured statement's plan and its median time over 200 runs on the bare driver (BENCH_EXPLAIN=1). */
async function explainCaptured(config: AppConfig, name: string, queries: Captured[]): Promise<void> {
  const runs = 200;
  if (config.isPostgres) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    try {
      for (const q of queries) {
        const plan = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params)).rows.map((r: Record<string, string>) => r['QUERY PLAN']);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          await pool.query(q.sql, q.params);
          times.push(performance.now() - start);
        }
        console.log(
          `-- ${name}: ${fmt(median(times) * 1000, 0)} µs median (unnamed statement, one connection)\n${q.sql.slice(0, 400)}\n  ${plan.join('\n  ')}`,
        );
      }
    } finally {
      await pool.end();
    }
    return;
  }
  const db = new Database(config.sqlitePath, { readonly: true });
  try {
    for (const q of queries) {
      const stmt = db.prepare(q.sql);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as Array<{ detail: string }>;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        stmt.all(...(q.params as unknown[]));
        times.push(performance.now() - start);
      }
      console.log(`-- ${name}: ${fmt(median(times) * 1000, 0)} µs median (prepared)\n${q.sql.slice(0, 400)}\n  ${plan.map((p) => p.detail).join('\n  ')}`);
    }
  } finally {
    db.close();
  }
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers });
  // Read and dropped chunk by chunk: this process is also ducha's server, so a 67 MB body held here would weigh on its numbers.
  for await (const chunk of res.body ?? []) void chunk;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - start;
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];
const fmt = (x: number, d = 1) => x.toFixed(d);

async function runDb(kind: 'sqlite' | 'postgres'): Promise<Array<Record<string, string | number>>> {
  const db = await scratchDatabase(kind, 'api');
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: REDIS,
    DUCHA_QUEUE_PREFIX: `bench-api-${randomBytes(3).toString('hex')}`,
    DUCHA_SCHEDULER: 'false',
    DUCHA_REPORTS: 'false',
  });
  config.jobs.roles = config.jobs.roles.filter((r) => r !== 'worker');
  await migrate(config);
  let app: INestApplication | undefined;
  let bare: Awaited<ReturnType<typeof bareServer>> | undefined;
  const rows: Array<Record<string, string | number>> = [];
  try {
    app = await createApp({ config, clock: new ManualClock(NOW), redisUrl: config.redisUrl! }, process.env.BENCH_LOG ? undefined : false);
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const ds = app.get(DataSource);
    const t = NOW.getTime();
    await ds.query(`INSERT INTO org (name, time_zone, created_at) VALUES ('基准测试镇', 'Asia/Shanghai', ${t})`);
    const [{ id: orgId }] = (await ds.query(`SELECT MAX(id) AS id FROM org`)) as Array<{ id: number }>;
    const seedStart = performance.now();
    const seeded = await seedOrgTasks(ds, { orgId: Number(orgId), tasks: TASKS, owners: OWNERS, units: UNITS, now: NOW, tag: 'api' });
    await ds.query(
      `INSERT INTO person (org_id, unit_id, name, roles, email, active, created_at) VALUES (${orgId}, NULL, '主席团成员', '["presidium"]', 'presidium@bench.local', ${config.isPostgres ? 'true' : 1}, ${t})`,
    );
    const [{ id: presidiumId }] = (await ds.query(`SELECT id FROM person WHERE email = 'presidium@bench.local'`)) as Array<{ id: number }>;
    await refreshPlannerStats(ds, ['task', 'plan_item', 'plan', 'person', 'unit', 'auth_token']);
    const token = async (personId: number) => {
      const { token: tok, hash, hint } = newToken('api');
      await ds.getRepository(AuthToken).insert({
        personId,
        kind: 'api',
        name: 'bench',
        tokenHash: hash,
        hint,
        createdBy: null,
        createdAt: NOW,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: NOW,
      });
      return tok;
    };
    // Staff from the middle of the list (ids unlike any other parameter), each with 50 tasks.
    const staff = seeded.personIds.slice(OWNERS / 2, OWNERS / 2 + SAMPLE);
    const tokens = new Map<number, string>();
    for (const id of staff) tokens.set(id, await token(id));
    const presidium = await token(Number(presidiumId));
    console.log(`${kind}: ${seeded.tasks} tasks, ${OWNERS} staff seeded in ${fmt((performance.now() - seedStart) / 1000)} s`);

    const auth = (tok: string) => ({ authorization: `Bearer ${tok}` });
    const first = staff[0];
    const list = await capture(ds, () => timed(`${url}/api/tasks?owner=me`, auth(tokens.get(first)!)));
    const mine = (await (await fetch(`${url}/api/tasks?owner=me&pageSize=500`, { headers: auth(tokens.get(first)!) })).json()) as {
      items: Array<{ id: number }>;
    };
    const taskIds = await Promise.all(
      staff.map(
        async (id) =>
          ((await (await fetch(`${url}/api/tasks?owner=me&pageSize=1`, { headers: auth(tokens.get(id)!) })).json()) as { items: Array<{ id: number }> })
            .items[0].id,
      ),
    );
    const sampleTask = mine.items[mine.items.length - 1].id;
    const detail = await capture(ds, () => timed(`${url}/api/tasks/${sampleTask}`, auth(tokens.get(first)!)));
    const board = await capture(ds, () => timed(`${url}/api/board?year=2024`, auth(presidium)));
    const rootRes = await fetch(`${url}/api`);
    const root = await rootRes.text();
    // The headers every ducha answer carries (helmet's set; the request id is a fresh UUID per answer on both sides).
    const duchaHeaders = Object.fromEntries(
      [...rootRes.headers].filter(([k]) => !['date', 'content-length', 'connection', 'keep-alive', 'content-type', 'x-request-id'].includes(k)),
    );
    if (EXPLAIN) {
      for (const [name, qs] of [
        ['list', list],
        ['detail', detail],
        ['board', board],
      ] as const)
        await explainCaptured(config, name, qs);
      await inProcessTimes(app, config, { list, detail, actorToken: tokens.get(first)!, taskIds });
      for (const [name, path] of [
        ['list', '/api/tasks?owner=me'],
        ['detail', `/api/tasks/${sampleTask}`],
      ] as const) {
        const res = await fetch(`${url}${path}`, { headers: auth(tokens.get(first)!) });
        const body = await res.text();
        const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\r\n');
        console.log(
          `-- ${name}: ducha answers ${Buffer.byteLength(body)} body bytes, ${Buffer.byteLength(head)} header bytes (${[...res.headers].length} headers)`,
        );
      }
    }
    bare = await bareServer(config, { list: template(list, first), detail: template(detail, sampleTask), board, root }, duchaHeaders);

    const listReqs = staff.map((id) => ({ ducha: { path: '/api/tasks?owner=me', token: tokens.get(id)! }, bare: { path: `/tasks?owner=${id}` } }));
    const detailReqs = staff.map((id, i) => ({ ducha: { path: `/api/tasks/${taskIds[i]}`, token: tokens.get(id)! }, bare: { path: `/tasks/${taskIds[i]}` } }));
    const stackReqs = [{ ducha: { path: '/api' }, bare: { path: '/root' } }];
    // fastify 5 alone answering the same bytes: what the HTTP framework under Nest leaves of node:http.
    const plainFastify = Fastify();
    plainFastify.get('/api', (_req, reply) => reply.headers(duchaHeaders).header('x-request-id', randomUUID()).type('application/json').send(root));
    const fastifyUrl = await plainFastify.listen({ port: 0, host: '127.0.0.1' });
    for (const [key, route, reqs, target] of [
      ['stack', 'the stack alone (GET /api, no SQL)', stackReqs, url],
      ['stack', 'bare fastify 5, the same answer (in the ducha columns)', stackReqs, fastifyUrl],
      ['list', 'my tasks (page of 50 + total)', listReqs, url],
      ['detail', 'task detail', detailReqs, url],
    ] as const) {
      if (!ONLY.has(key)) continue;
      for (const connections of CONNECTIONS) {
        const d: LoadResult[] = [];
        const b: LoadResult[] = [];
        for (let r = 0; r < RUNS; r++) {
          d.push(
            await profiled(
              `${kind}-${key}${target === url ? '' : '-fastify'}-${connections}-${r}`,
              () => load({ url: target, connections, seconds: SECONDS, requests: reqs.map((x) => x.ducha) }).done,
            ),
          );
          b.push(await load({ url: bare.url, connections, seconds: SECONDS, requests: reqs.map((x) => x.bare) }).done);
        }
        const bad = d.reduce((s, x) => s + x.errors + x.non2xx, 0) + b.reduce((s, x) => s + x.errors + x.non2xx, 0);
        const [dr, br] = [median(d.map((x) => x.rps)), median(b.map((x) => x.rps))];
        rows.push({
          db: kind,
          route,
          conns: connections,
          'ducha req/s': fmt(dr, 0),
          'ducha p50/p99 ms': `${median(d.map((x) => x.p50))} / ${median(d.map((x) => x.p99))}`,
          'bare req/s': fmt(br, 0),
          'bare p50/p99 ms': `${median(b.map((x) => x.p50))} / ${median(b.map((x) => x.p99))}`,
          ratio: fmt(dr / br, 2),
          errors: bad,
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
      }
    }

    await plainFastify.close();

    // The board of a year: sequential requests, ducha then bare.
    if (ONLY.has('board')) {
      const boardRuns: number[][] = [[], []];
      for (let i = 0; i < 20 * RUNS; i++) {
        boardRuns[0].push(await timed(`${url}/api/board?year=2024`, auth(presidium)));
        boardRuns[1].push(await timed(`${bare.url}/board`, {}));
      }
      rows.push({
        db: kind,
        route: 'board of a year (sequential)',
        conns: 1,
        'ducha req/s': fmt(1000 / median(boardRuns[0]), 0),
        'ducha p50/p99 ms': `${fmt(median(boardRuns[0]))} / ${fmt(p99(boardRuns[0]))}`,
        'bare req/s': fmt(1000 / median(boardRuns[1]), 0),
        'bare p50/p99 ms': `${fmt(median(boardRuns[1]))} / ${fmt(p99(boardRuns[1]))}`,
        ratio: fmt(median(boardRuns[1]) / median(boardRuns[0]), 2),
        errors: 0,
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }

    // Health under load (10 connections) while the quarter's report renders, as XLSX and as JSON (streamed from a file).
    if (!ONLY.has('health')) return rows;
    for (const format of ['xlsx', 'json']) {
      const health: LoadResult[] = [];
      const renders: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const h = load({ url, connections: 10, seconds: 120, requests: [{ path: '/api/health' }] });
        await new Promise((res) => setTimeout(res, 300));
        renders.push(await timed(`${url}/api/reports/quarterly?year=2024&quarter=3&format=${format}`, auth(presidium)));
        h.stop();
        health.push(await h.done);
      }
      rows.push({
        db: kind,
        route: `health while a Q3 report renders (${format}, ${fmt(median(renders) / 1000, 2)} s)`,
        conns: 10,
        'ducha req/s': fmt(median(health.map((x) => x.rps)), 0),
        'ducha p50/p99 ms': `${median(health.map((x) => x.p50))} / ${median(health.map((x) => x.p99))}`,
        'bare req/s': '',
        'bare p50/p99 ms': '',
        ratio: '',
        errors: health.reduce((s, x) => s + x.errors + x.non2xx, 0),
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }
    return rows;
  } finally {
    await bare?.close();
    await app?.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const rows = DBS.includes('sqlite') ? await runDb('sqlite') : [];
  if (!DBS.includes('postgres')) console.log('BENCH_DB: PostgreSQL left out');
  else if (await pgReachable()) rows.push(...(await runDb('postgres')));
  else console.log('PostgreSQL not reachable: SQLite only');
  console.log(`\nmedians of ${RUNS} runs of ${SECONDS} s each; ${TASKS} tasks, ${OWNERS} staff`);
  table(rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
