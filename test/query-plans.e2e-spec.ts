import type { Logger, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { seedOrgTasks, type SeededOrg } from '../bench/task-seed.js';
import { refreshPlannerStats } from '../src/database/planner-stats.js';
import { createTestApp, TEST_DB, type TestApp, type TestUser } from './support/test-app.js';

/**
 * The plans the database chooses for the task routes' real queries (recorded from the HTTP calls),
 * on 24,000 tasks of 400 staff after the statistics are refreshed: each route reads through the
 * index shaped for it, and the list pages come out of the index in order (no sort of the whole set).
 * SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN.
 */
describe(`query plans of the task routes on ${TEST_DB}`, () => {
  let t: TestApp;
  let ds: DataSource;
  let seeded: SeededOrg;
  let staff: TestUser;
  let head: TestUser;
  let presidium: TestUser;
  const recorded: Array<{ sql: string; params: unknown[] }> = [];

  beforeAll(async () => {
    t = await createTestApp('2024-07-10T02:00:00Z');
    ds = t.app.get(DataSource);
    seeded = await seedOrgTasks(ds, { orgId: t.admin.orgId, tasks: 24_000, owners: 400, units: 20, now: t.clock.now(), tag: 'qp' });
    await refreshPlannerStats(ds, ['task', 'plan_item', 'plan', 'person', 'unit']);
    // A login for three seeded people: a staff member, a unit head, and a presidium member.
    const token = async (personId: number) => (await t.api.post('/api/auth/tokens').send({ personId, name: 'plans' }).expect(201)).body.token as string;
    staff = { id: seeded.personIds[45], email: '', password: '', token: '', http: t.as(await token(seeded.personIds[45])) };
    head = { id: seeded.headIds[3], email: '', password: '', token: '', http: t.as(await token(seeded.headIds[3])) };
    presidium = await t.addUser({ name: '主席', roles: ['presidium'] });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Runs `call`, returning the plan text of every SELECT on task it sent. */
  async function plansOf(call: () => Promise<unknown>): Promise<string[]> {
    const logger = ds.logger;
    recorded.length = 0;
    const recorder: Logger = {
      logQuery: (sql: string, params?: unknown[], qr?: QueryRunner) => {
        if (/^\s*SELECT/i.test(sql) && /"?task"? "?t"?\b/.test(sql)) recorded.push({ sql, params: params ?? [] });
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
    const queries = [...recorded];
    expect(queries.length).toBeGreaterThan(0);
    const out: string[] = [];
    for (const q of queries) {
      const rows = (await ds.query(`${TEST_DB === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${q.sql}`, q.params)) as Array<Record<string, string>>;
      out.push(rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n'));
    }
    return out;
  }

  const noFullScan = (plan: string) => (TEST_DB === 'postgres' ? expect(plan).not.toMatch(/Seq Scan on task/) : expect(plan).not.toMatch(/SCAN t\b(?! USING)/));

  it("a staff member's own tasks (owner=me) are read in due order from idx_task_org_owner_due", async () => {
    const [page] = await plansOf(() => staff.http.get('/api/tasks').query({ owner: 'me' }).expect(200));
    expect(page).toContain('idx_task_org_owner_due');
    noFullScan(page);
    if (TEST_DB === 'sqlite') expect(page).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it("a staff member's visible tasks (own or 配合单位) use the owner and item indexes, never the whole org", async () => {
    const plans = await plansOf(() => staff.http.get('/api/tasks').expect(200));
    expect(plans[0]).toMatch(/idx_task_org_owner_due|idx_task_owner_status_due/);
    expect(plans[0]).toMatch(/idx_task_item|uq_task_item_period/);
    expect(plans[0]).not.toMatch(/idx_task_org_due\b/);
    for (const p of plans) noFullScan(p);
  });

  it("a unit head's list adds the unit index", async () => {
    const plans = await plansOf(() => head.http.get('/api/tasks').query({ status: 'open' }).expect(200));
    expect(plans[0]).toMatch(/idx_task_org_unit_due|idx_task_unit_status_due/);
    for (const p of plans) noFullScan(p);
  });

  it('the review queue reads submitted tasks in submission order from idx_task_org_status_submitted', async () => {
    const [page] = await plansOf(() => presidium.http.get('/api/review-queue').expect(200));
    expect(page).toContain('idx_task_org_status_submitted');
    noFullScan(page);
  });

  it('the overdue list and the task detail use indexes', async () => {
    for (const p of await plansOf(() => presidium.http.get('/api/overdue').expect(200))) noFullScan(p);
    const id = (await staff.http.get('/api/tasks').query({ owner: 'me', pageSize: 1 }).expect(200)).body.items[0].id;
    const [detail] = await plansOf(() => staff.http.get(`/api/tasks/${id}`).expect(200));
    expect(detail).toMatch(TEST_DB === 'postgres' ? /Index Scan using "?(task_pkey|PK_\w+)"? on task t/ : /SEARCH t USING INTEGER PRIMARY KEY/);
  });

  it("the board's year aggregation reads only the covering board index on SQLite (PostgreSQL may scan: the year is the whole table)", async () => {
    const [board] = await plansOf(() => presidium.http.get('/api/board').query({ year: 2024 }).expect(200));
    if (TEST_DB === 'sqlite') expect(board).toMatch(/USING COVERING INDEX idx_task_org_dueday_board/);
    else expect(board).toMatch(/HashAggregate|GroupAggregate|Aggregate/);
    const [unit] = await plansOf(() => head.http.get('/api/board').query({ year: 2024, unit: seeded.unitIds[3] }).expect(200));
    noFullScan(unit);
  });
});
