import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from '../database/dialect.js';
import { UNFINISHED_STATUSES } from '../tasks/task.entity.js';

/**
 * The presidium alert's "newly overdue" tasks of an org: unfinished, due in [since, until). The
 * sweep counts them; delivery counts them again and loads only the first lines (most overdue first),
 * so no statement ever carries their ids (41,666 of them at 1,000,000 tasks).
 */
export interface OverdueWindow {
  orgId: number;
  since: number;
  until: number;
  /** The alert's local day: a task still in its activation grace period on it is not news to the presidium. */
  day: string;
  /** Leave out the tasks this message already lists as escalations (its pending rows). */
  exceptMessageId?: number;
}

/** Statuses are the code's own constants, written inline: no bound variable per status. */
const UNFINISHED_SQL = UNFINISHED_STATUSES.map((s) => `'${s}'`).join(', ');

function where(db: DataSource | EntityManager, w: OverdueWindow): { sql: string; params: Array<number | string> } {
  const { p } = dialectOf(db);
  const params: Array<number | string> = [w.orgId, w.since, w.until, w.day];
  let sql = `t.org_id = ${p(1)} AND t.status IN (${UNFINISHED_SQL}) AND t.due_at >= ${p(2)} AND t.due_at < ${p(3)} AND (t.grace_until_day IS NULL OR t.grace_until_day < ${p(4)})`;
  if (w.exceptMessageId !== undefined) {
    params.push(w.exceptMessageId);
    sql += ` AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.message_id = ${p(5)} AND n.task_id = t.id AND n.status = 'pending')`;
  }
  return { sql, params };
}

export async function countNewlyOverdue(db: DataSource | EntityManager, w: OverdueWindow): Promise<number> {
  const { sql, params } = where(db, w);
  const rows = (await db.query(`SELECT COUNT(*) AS n FROM task t WHERE ${sql}`, params)) as Array<{ n: unknown }>;
  return Number(rows[0]?.n ?? 0);
}

/** A newly overdue task with what its alert line needs (item title and evidence, owner, unit, org zone). */
export interface OverdueLineRow {
  id: unknown;
  status: string;
  due_at: unknown;
  due_day: string;
  label: string;
  escalation_level: unknown;
  owner_id: unknown;
  unit_id: unknown;
  grace_until_day: string | null;
  title: string | null;
  evidence: string | null;
  owner: string | null;
  unit: string | null;
  head: unknown;
  tz: string | null;
  /** The kinds of the evidence attached to the task (a JSON array: read with `jsonArray`). */
  kinds: unknown;
}

/** The first `limit` newly overdue tasks, longest overdue first (then by id), joined for their lines (with their attached evidence). */
export async function firstNewlyOverdue(db: DataSource | EntityManager, w: OverdueWindow, limit: number): Promise<OverdueLineRow[]> {
  const { sql, params } = where(db, w);
  return (await db.query(
    `SELECT t.id, t.status, t.due_at, t.due_day, t.label, t.escalation_level, t.owner_id, t.unit_id, t.grace_until_day,
       pi.title AS title, pi.evidence_requirements AS evidence, op.name AS owner, u.name AS unit, u.head_id AS head, o.time_zone AS tz,
       (SELECT ${dialectOf(db).jsonArrayAgg('e.kind')} FROM evidence e WHERE e.task_id = t.id AND e.detached_at IS NULL) AS kinds
     FROM task t
     LEFT JOIN plan_item pi ON pi.id = t.item_id
     LEFT JOIN person op ON op.id = t.owner_id
     LEFT JOIN unit u ON u.id = t.unit_id
     LEFT JOIN org o ON o.id = t.org_id
     WHERE ${sql}
     ORDER BY t.due_at ASC, t.id ASC
     LIMIT ${Math.max(0, Math.floor(limit))}`,
    params,
  )) as OverdueLineRow[];
}
