import type { DataSource, EntityManager } from 'typeorm';

/**
 * Keeps the query planner's statistics current, so it picks the index that fits each route's query
 * (without them SQLite walked a whole org through idx_task_org_due to avoid sorting 50 rows).
 * Called at the moments the data's shape changes: after migrations (new indexes), after a plan's
 * activation (thousands of tasks at once), and — SQLite's own advice — when a connection opens
 * (`PRAGMA optimize=0x10002`, see data-source.ts) and closes (`PRAGMA optimize`).
 * SQLite: `analysis_limit` bounds ANALYZE to a sample of each index, so it takes milliseconds at 100,000 tasks.
 */
export async function refreshPlannerStats(db: DataSource | EntityManager, tables: string[] = ['task', 'plan_item']): Promise<void> {
  const postgres = ('options' in db ? db.options : db.connection.options).type === 'postgres';
  if (postgres) {
    for (const t of tables) await db.query(`ANALYZE ${t}`);
    return;
  }
  await db.query('PRAGMA analysis_limit = 1000');
  for (const t of tables) await db.query(`ANALYZE ${t}`);
}

/** SQLite's "run before closing a connection": re-analyzes only tables whose statistics look stale. */
export async function optimizeOnClose(db: DataSource): Promise<void> {
  if (db.options.type === 'postgres' || !db.isInitialized) return;
  await db.query('PRAGMA optimize');
}
