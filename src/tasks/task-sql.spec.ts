import Database from 'better-sqlite3';
import { canReadTask, canReviewTask, type Actor } from '../auth/access.js';
import { createWorkingCalendar, endOfDay } from '../schedule/index.js';
import { LIGHT_CASE, lightBounds, lightCondition, lightFromBounds, lightParams } from './light-sql.js';
import { taskLight } from './task-light.js';
import { TASK_STATUSES } from './task.entity.js';
import { readableTasks, reviewableTasks } from './task-visibility.js';

// The SQL forms of the light and of the access rules, run on a real (in-memory) SQLite and compared
// with the JS rules they mirror. PostgreSQL runs the same fragments in test/task-views.e2e-spec.ts.

const TZ = 'Asia/Shanghai';
const cal = createWorkingCalendar();

/** TypeORM-style `:name` parameters → better-sqlite3's `@name`. */
const bind = (sql: string) => sql.replace(/:(\w+)/g, '@$1');

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('the light in SQL', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE task (id INTEGER PRIMARY KEY, status TEXT, due_at INTEGER, due_day TEXT)');
  const rand = rng(7);
  const days: string[] = [];
  for (let d = Date.parse('2024-09-20'); d <= Date.parse('2024-10-20'); d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10));
  const insert = db.prepare('INSERT INTO task (status, due_at, due_day) VALUES (?, ?, ?)');
  for (let i = 0; i < 600; i++) {
    const day = days[Math.floor(rand() * days.length)];
    insert.run(TASK_STATUSES[Math.floor(rand() * TASK_STATUSES.length)], endOfDay(day, TZ).getTime(), day);
  }
  const rows = db.prepare('SELECT id, status, due_at AS dueAt, due_day AS dueDay FROM task').all() as Array<{
    id: number;
    status: 'open';
    dueAt: number;
    dueDay: string;
  }>;

  // Around the 2024 National Day holiday and its 调休 Sundays, at several times of day.
  it.each(['2024-09-27T02:00:00Z', '2024-09-29T15:59:59Z', '2024-09-30T16:00:00Z', '2024-10-06T09:00:00Z', '2024-10-08T01:00:00Z'])(
    'gives taskLight for every task at %s (N = 3 and 0)',
    (iso) => {
      const now = new Date(iso);
      for (const n of [3, 0]) {
        const b = lightBounds(now, TZ, cal, n);
        const sql = db.prepare(bind(`SELECT t.id AS id, ${LIGHT_CASE} AS light FROM task t`)).all(lightParams(b)) as Array<{ id: number; light: string }>;
        const byId = new Map(sql.map((r) => [r.id, r.light]));
        for (const r of rows) {
          const expected = taskLight({ status: r.status, dueAt: new Date(r.dueAt), dueDay: r.dueDay }, now, TZ, cal, n);
          expect([r.id, byId.get(r.id), lightFromBounds(r, b)]).toEqual([r.id, expected, expected]);
        }
        for (const light of ['red', 'yellow', 'green'] as const) {
          const ids = (db.prepare(bind(`SELECT t.id AS id FROM task t WHERE ${lightCondition(light)}`)).all(lightParams(b)) as Array<{ id: number }>).map(
            (x) => x.id,
          );
          expect(ids.sort((a, c) => a - c)).toEqual(sql.filter((x) => x.light === light).map((x) => x.id));
        }
      }
    },
  );
});

describe('access rules in SQL', () => {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE plan (id INTEGER PRIMARY KEY, org_id INTEGER);
    CREATE TABLE plan_item (id INTEGER PRIMARY KEY, plan_id INTEGER, co_unit_ids TEXT);
    CREATE TABLE task (id INTEGER PRIMARY KEY, org_id INTEGER, item_id INTEGER, owner_id INTEGER, unit_id INTEGER);
  `);
  db.exec(`INSERT INTO plan VALUES (1, 1), (2, 2)`);
  // items: 1 co-unit 30 (org 1); 2 no co-units; 3 co-units 30 and 40 (org 2); 4 co-unit 300 (a prefix trap for 30)
  db.exec(`INSERT INTO plan_item VALUES (1, 1, '[30]'), (2, 1, '[]'), (3, 2, '[30,40]'), (4, 1, '[300]')`);
  const scopes: Array<{ id: number; orgId: number; itemId: number; ownerId: number | null; unitId: number | null }> = [];
  const co: Record<number, number[]> = { 1: [30], 2: [], 3: [30, 40], 4: [300] };
  let id = 0;
  for (const itemId of [1, 2, 3, 4])
    for (const ownerId of [1, 2, 3, 5, 7, null])
      for (const unitId of [10, 20, 30, null]) scopes.push({ id: ++id, orgId: itemId === 3 ? 2 : 1, itemId, ownerId, unitId });
  const ins = db.prepare('INSERT INTO task VALUES (?, ?, ?, ?, ?)');
  for (const s of scopes) ins.run(s.id, s.orgId, s.itemId, s.ownerId, s.unitId);

  const a = (pid: number, roles: Actor['roles'], unitId: number | null, orgId = 1): Actor => ({ id: pid, orgId, unitId, roles, name: '', tokenId: 0 });
  const actors: Array<[string, Actor]> = [
    ['staff', a(1, ['staff'], 10)],
    ['staff of a co-unit', a(3, ['staff'], 30)],
    ['staff without a unit', a(2, ['staff'], null)],
    ['unit head', a(5, ['unit_head'], 10)],
    ['unit head of a co-unit', a(5, ['unit_head', 'staff'], 30)],
    ['presidium', a(7, ['presidium'], null)],
    ['admin', a(8, ['admin'], null)],
    ['presidium of org 2', a(7, ['presidium'], 30, 2)],
    ['staff of org 2 in unit 30', a(3, ['staff'], 30, 2)],
  ];
  const select = (where: { sql: string; params: Record<string, unknown> }) =>
    (db.prepare(bind(`SELECT t.id AS id FROM task t WHERE ${where.sql} ORDER BY t.id`)).all(where.params) as Array<{ id: number }>).map((r) => r.id);

  it.each(actors)('readableTasks selects exactly what canReadTask allows: %s', (_w, actor) => {
    const expected = scopes.filter((s) => canReadTask(actor, { ...s, coUnitIds: co[s.itemId] })).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(select(readableTasks(actor, 'sqlite'))).toEqual(expected);
  });

  it.each(actors)('reviewableTasks selects exactly what canReviewTask allows: %s', (_w, actor) => {
    const expected = scopes.filter((s) => canReviewTask(actor, { ...s, coUnitIds: co[s.itemId] })).map((s) => s.id);
    const where = reviewableTasks(actor);
    expect(where ? select(where) : []).toEqual(expected);
  });

  it('with ownerOnly, keeps only the org check (the caller asked for their own tasks)', () => {
    expect(readableTasks(a(1, ['staff'], 10), 'sqlite', { ownerOnly: true })).toEqual({ sql: 't.org_id = :visOrg', params: { visOrg: 1 } });
  });
});
