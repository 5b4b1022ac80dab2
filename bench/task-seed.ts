import type { DataSource } from 'typeorm';
import { TASK_CORE_COLUMNS } from '../src/tasks/task-insert-columns.js';
import { bool, bulkInsert } from '../src/database/bulk-insert.js';
import { endOfDay, startOfDay } from '../src/schedule/index.js';

export interface SeededOrg {
  planId: number;
  unitIds: number[];
  /** Staff ids, in insertion order; the first person of each unit heads it (roles staff + unit_head). */
  personIds: number[];
  headIds: number[];
  tasks: number;
}

/**
 * County-scale data for an existing org, in bulk on SQLite or PostgreSQL: `units` units, `owners`
 * staff spread over them, one active plan of monthly items (12 tasks each, owner and unit from the
 * item; every 10th item has the next unit as 配合单位) until `tasks` tasks exist. Statuses follow `now`:
 * months before it done (one in ten still open, so overdue), its own month open or submitted, later
 * months scheduled. Shared by bench/api.bench.ts and test/query-plans.e2e-spec.ts.
 */
export async function seedOrgTasks(
  ds: DataSource,
  opts: { orgId: number; tasks: number; owners: number; units: number; now: Date; tz?: string; tag?: string },
): Promise<SeededOrg> {
  const tz = opts.tz ?? 'Asia/Shanghai';
  const t = opts.now.getTime();
  const tag = opts.tag ?? 'seed';
  const m = ds.manager;
  const pg = ds.options.type === 'postgres';
  const ids = async (sql: string, params: unknown[]): Promise<number[]> =>
    ((await ds.query(pg ? sql.replace(/\?/g, (_x, i: number) => `$${sql.slice(0, i).split('?').length}`) : sql, params)) as Array<{ id: number | string }>).map(
      (r) => Number(r.id),
    );
  await bulkInsert(
    m,
    'unit',
    ['org_id', 'name', 'created_at'],
    Array.from({ length: opts.units }, (_, u) => [opts.orgId, `${tag}单位${u + 1}`, t]),
  );
  const unitIds = await ids(`SELECT id FROM unit WHERE org_id = ? AND name LIKE ? ORDER BY id`, [opts.orgId, `${tag}单位%`]);
  await bulkInsert(
    m,
    'person',
    ['org_id', 'unit_id', 'name', 'roles', 'email', 'active', 'created_at'],
    Array.from({ length: opts.owners }, (_, i) => [
      opts.orgId,
      unitIds[i % opts.units],
      `${tag}责任人${i + 1}`,
      i < opts.units ? '["staff","unit_head"]' : '["staff"]',
      `${tag}-owner${i + 1}@bench.local`,
      bool(m, true),
      t,
    ]),
  );
  const personIds = await ids(`SELECT id FROM person WHERE org_id = ? AND email LIKE ? ORDER BY id`, [opts.orgId, `${tag}-owner%`]);
  const headIds = personIds.slice(0, opts.units);
  for (let u = 0; u < opts.units; u++) await ds.query(`UPDATE unit SET head_id = ${headIds[u]} WHERE id = ${unitIds[u]}`);
  await ds.query(
    `INSERT INTO plan (org_id, year, title, status, activated_at, created_at, updated_at) VALUES (${opts.orgId}, 2024, '${tag}计划', 'active', ${t}, ${t}, ${t})`,
  );
  const [planId] = await ids(`SELECT MAX(id) AS id FROM plan WHERE org_id = ?`, [opts.orgId]);
  const items = Math.ceil(opts.tasks / 12);
  const ownerOf = (i: number) => i % opts.owners;
  await bulkInsert(
    m,
    'plan_item',
    ['plan_id', 'sort_order', 'section_path', 'title', 'time_text', 'owner_id', 'unit_id', 'co_unit_ids', 'evidence_requirements', 'created_at', 'updated_at'],
    Array.from({ length: items }, (_, i) => {
      const owner = ownerOf(i);
      const unit = owner % opts.units;
      return [
        planId,
        i,
        '[]',
        `走访活动${i + 1}`,
        '每月',
        personIds[owner],
        unitIds[unit],
        i % 10 === 9 ? `[${unitIds[(unit + 1) % opts.units]}]` : '[]',
        '[{"kind":"照片","min":2}]',
        t,
        t,
      ];
    }),
  );
  const itemIds = await ids(`SELECT id FROM plan_item WHERE plan_id = ? ORDER BY id`, [planId]);
  const months = Array.from({ length: 12 }, (_, k) => {
    const mm = String(k + 1).padStart(2, '0');
    const last = new Date(Date.UTC(2024, k + 1, 0)).getUTCDate();
    return { key: `2024-M${mm}`, label: `2024年${k + 1}月`, start: `2024-${mm}-01`, due: `2024-${mm}-${last}` };
  });
  const nowMonth = opts.now.getUTCFullYear() === 2024 ? opts.now.getUTCMonth() : 12;
  const rows: unknown[][] = [];
  let n = 0;
  for (let i = 0; i < items && n < opts.tasks; i++) {
    const owner = ownerOf(i);
    for (let k = 0; k < 12 && n < opts.tasks; k++, n++) {
      const p = months[k];
      const status = k < nowMonth ? (i % 10 === 3 ? 'open' : 'done') : k === nowMonth ? (i % 3 === 0 ? 'submitted' : 'open') : 'scheduled';
      const dueAt = endOfDay(p.due, tz).getTime();
      rows.push([
        opts.orgId,
        planId,
        itemIds[i],
        p.key,
        p.label,
        p.start,
        p.due,
        startOfDay(p.start, tz).getTime(),
        dueAt,
        status,
        personIds[owner],
        unitIds[owner % opts.units],
        status === 'submitted' || status === 'done' ? dueAt - 86_400_000 - i : null,
        status === 'done' ? dueAt : null,
        t,
        t,
      ]);
    }
  }
  const columns = [...TASK_CORE_COLUMNS, 'submitted_at', 'done_at', 'created_at', 'updated_at'];
  await ds.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 20_000) await bulkInsert(tx, 'task', columns, rows.slice(i, i + 20_000));
  });
  return { planId, unitIds, personIds, headIds, tasks: n };
}
