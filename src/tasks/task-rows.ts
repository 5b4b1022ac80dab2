import type { SelectQueryBuilder } from 'typeorm';
import { instantOrNull } from '../common/instant.js';
import type { Task, TaskStatus } from './task.entity.js';

/** A task list row: the task plus the names a page shows beside it (item title, plan, owner, unit). */
export type TaskRow = Task & { title: string | null; planTitle: string | null; ownerName: string | null; unitName: string | null };

const TASK_COLUMNS: Array<[string, keyof Task]> = [
  ['id', 'id'],
  ['org_id', 'orgId'],
  ['plan_id', 'planId'],
  ['item_id', 'itemId'],
  ['period_key', 'periodKey'],
  ['label', 'label'],
  ['start_day', 'startDay'],
  ['due_day', 'dueDay'],
  ['window_start', 'windowStart'],
  ['due_at', 'dueAt'],
  ['status', 'status'],
  ['owner_id', 'ownerId'],
  ['unit_id', 'unitId'],
  ['escalation_level', 'escalationLevel'],
  ['submitted_at', 'submittedAt'],
  ['done_at', 'doneAt'],
  ['on_time', 'onTime'],
  ['return_count', 'returnCount'],
  ['original_due_at', 'originalDueAt'],
  ['allow_partial', 'allowPartial'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
  ['next_notify_at', 'nextNotifyAt'],
  ['grace_until_day', 'graceUntilDay'],
];

/**
 * Selects the task columns of alias `t` and the joined names, as raw columns (no entity hydration:
 * TypeORM's mapping cost more than the query on a 50-row page). Joins are by primary key.
 */
export function selectTaskRows<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  qb.select(`t.${TASK_COLUMNS[0][0]}`, TASK_COLUMNS[0][1]);
  for (const [col, prop] of TASK_COLUMNS.slice(1)) qb.addSelect(`t.${col}`, prop);
  return qb
    .addSelect('ti.title', 'title')
    .addSelect('tp.title', 'planTitle')
    .addSelect('towner.name', 'ownerName')
    .addSelect('tunit.name', 'unitName')
    .leftJoin('plan_item', 'ti', 'ti.id = t.item_id')
    .leftJoin('plan', 'tp', 'tp.id = t.plan_id')
    .leftJoin('person', 'towner', 'towner.id = t.owner_id')
    .leftJoin('unit', 'tunit', 'tunit.id = t.unit_id');
}

/**
 * The same select list and joins as selectTaskRows, as SQL text over `task t`, for the hot routes
 * that run hand-written statements (dialect.ts `positional`) instead of a query builder (#14).
 */
export const TASK_ROW_SELECT = [
  ...TASK_COLUMNS.map(([col, prop]) => `t.${col} AS "${prop}"`),
  'ti.title AS "title"',
  'tp.title AS "planTitle"',
  'towner.name AS "ownerName"',
  'tunit.name AS "unitName"',
].join(', ');
export const TASK_ROW_JOINS =
  'LEFT JOIN plan_item ti ON ti.id = t.item_id LEFT JOIN plan tp ON tp.id = t.plan_id ' +
  'LEFT JOIN person towner ON towner.id = t.owner_id LEFT JOIN unit tunit ON tunit.id = t.unit_id';

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const instant = instantOrNull;
const bool = (v: unknown): boolean | null => (v == null ? null : v === true || v === 1 || v === '1' || v === 't');

/** A raw row of selectTaskRows as the entity's JSON shape (numbers, Dates, booleans on both databases). */
export function toTaskRow(r: Record<string, unknown>): TaskRow {
  return {
    id: Number(r.id),
    orgId: Number(r.orgId),
    planId: Number(r.planId),
    itemId: Number(r.itemId),
    periodKey: r.periodKey as string,
    label: r.label as string,
    startDay: r.startDay as string,
    dueDay: r.dueDay as string,
    windowStart: instant(r.windowStart)!,
    dueAt: instant(r.dueAt)!,
    status: r.status as TaskStatus,
    ownerId: num(r.ownerId),
    unitId: num(r.unitId),
    escalationLevel: Number(r.escalationLevel ?? 0),
    submittedAt: instant(r.submittedAt),
    doneAt: instant(r.doneAt),
    onTime: bool(r.onTime),
    returnCount: Number(r.returnCount ?? 0),
    originalDueAt: instant(r.originalDueAt),
    allowPartial: bool(r.allowPartial) ?? false,
    createdAt: instant(r.createdAt)!,
    updatedAt: instant(r.updatedAt)!,
    nextNotifyAt: num(r.nextNotifyAt),
    graceUntilDay: (r.graceUntilDay as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    planTitle: (r.planTitle as string | null) ?? null,
    ownerName: (r.ownerName as string | null) ?? null,
    unitName: (r.unitName as string | null) ?? null,
  };
}

/**
 * toTaskRow for a row read as an array (database/direct-reads.ts `arrays`), the values in TASK_ROW_SELECT's
 * order: the list's page reads its rows so, because better-sqlite3 makes an array faster than an object
 * of 28 named fields (bench:api BENCH_EXPLAIN: 235 against 368 µs for a page). The spec holds it equal to toTaskRow.
 */
export function toTaskRowFromValues(v: unknown[]): TaskRow {
  return {
    id: Number(v[0]),
    orgId: Number(v[1]),
    planId: Number(v[2]),
    itemId: Number(v[3]),
    periodKey: v[4] as string,
    label: v[5] as string,
    startDay: v[6] as string,
    dueDay: v[7] as string,
    windowStart: instant(v[8])!,
    dueAt: instant(v[9])!,
    status: v[10] as TaskStatus,
    ownerId: num(v[11]),
    unitId: num(v[12]),
    escalationLevel: Number(v[13] ?? 0),
    submittedAt: instant(v[14]),
    doneAt: instant(v[15]),
    onTime: bool(v[16]),
    returnCount: Number(v[17] ?? 0),
    originalDueAt: instant(v[18]),
    allowPartial: bool(v[19]) ?? false,
    createdAt: instant(v[20])!,
    updatedAt: instant(v[21])!,
    nextNotifyAt: num(v[22]),
    graceUntilDay: (v[23] as string | null) ?? null,
    title: (v[24] as string | null) ?? null,
    planTitle: (v[25] as string | null) ?? null,
    ownerName: (v[26] as string | null) ?? null,
    unitName: (v[27] as string | null) ?? null,
  };
}

/** The aliases of TASK_ROW_SELECT in order (what toTaskRowFromValues reads by position). */
export const TASK_ROW_ALIASES: string[] = [...TASK_COLUMNS.map(([, prop]) => prop as string), 'title', 'planTitle', 'ownerName', 'unitName'];
