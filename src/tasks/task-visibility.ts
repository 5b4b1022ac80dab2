import { hasRole, type Actor } from '../auth/access.js';

export type Dialect = 'sqlite' | 'postgres';

/** A WHERE fragment over the task alias `t`, with its named parameters (TypeORM `:name` style). */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
  /**
   * The rows are bounded by the caller (own, unit, co-unit tasks), not the whole org: sorting them is
   * cheap, so pages order by `t.due_at + 0` — no index can supply that order, which keeps SQLite from
   * walking a due-ordered index of the org or of a status (to skip the sort) instead of the OR's indexes.
   */
  narrow?: boolean;
}

/**
 * "This item's 配合单位 include unit :coUnit", on the JSON text column plan_item.co_unit_ids, so the
 * co-unit rule is answered by the database instead of loading every item of the org.
 */
export function coUnitContains(dialect: Dialect, itemAlias: string, param: string): string {
  return dialect === 'postgres'
    ? `${itemAlias}.co_unit_ids::jsonb @> jsonb_build_array(CAST(:${param} AS integer))`
    : `EXISTS (SELECT 1 FROM json_each(${itemAlias}.co_unit_ids) j WHERE j.value = :${param})`;
}

/**
 * access.canReadTask as SQL over `t` (the task table): the org always; then everything for admins and
 * presidium members, else own tasks, the unit's tasks for its head, and tasks of items the caller's
 * unit co-operates on. The co-unit branch is a non-correlated sub-select on plan_item (small next to
 * task), so each OR branch can use its own index (owner_id, unit_id, item_id).
 * `ownerOnly` (the caller asked for owner = themselves) needs only the org check: own tasks are always readable.
 */
export function readableTasks(actor: Actor, dialect: Dialect, opts: { ownerOnly?: boolean } = {}): SqlCondition {
  const params: Record<string, unknown> = { visOrg: actor.orgId };
  const org = 't.org_id = :visOrg';
  if (opts.ownerOnly || hasRole(actor, 'admin', 'presidium')) return { sql: org, params };
  // "+t.org_id" (unary plus: SQLite's documented way to keep a term off the indexes, a no-op on
  // PostgreSQL) — else SQLite walks the whole org through idx_task_org_due in due order to save
  // sorting a page, instead of taking each OR branch through its own index (owner, unit, item).
  const ors = ['t.owner_id = :visMe'];
  params.visMe = actor.id;
  if (actor.unitId != null) {
    params.visUnit = actor.unitId;
    if (hasRole(actor, 'unit_head')) ors.push('t.unit_id = :visUnit');
    const coItems = `SELECT ci.id FROM plan_item ci INNER JOIN plan cp ON cp.id = ci.plan_id WHERE cp.org_id = :visOrg AND ${coUnitContains(dialect, 'ci', 'visUnit')}`;
    // PostgreSQL cannot put "IN (sub-select)" into a BitmapOr with the other branches (it becomes a
    // hashed sub-plan over a sequential scan); "= ANY(ARRAY(…))" is an index condition.
    ors.push(dialect === 'postgres' ? `t.item_id = ANY(ARRAY(${coItems}))` : `t.item_id IN (${coItems})`);
  }
  return { sql: `+t.org_id = :visOrg AND (${ors.join(' OR ')})`, params, narrow: true };
}

/**
 * access.canReviewTask as SQL: presidium members review the org's tasks, unit heads their unit's; nobody
 * their own. Returns null when the caller may review nothing (staff, admins without another role).
 */
export function reviewableTasks(actor: Actor): SqlCondition | null {
  const params: Record<string, unknown> = { revOrg: actor.orgId, revMe: actor.id };
  const base = 't.org_id = :revOrg AND (t.owner_id IS NULL OR t.owner_id <> :revMe)';
  if (hasRole(actor, 'presidium')) return { sql: base, params };
  if (hasRole(actor, 'unit_head') && actor.unitId != null) return { sql: `${base} AND t.unit_id = :revUnit`, params: { ...params, revUnit: actor.unitId } };
  return null;
}
