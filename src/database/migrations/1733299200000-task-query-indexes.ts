import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #14: indexes shaped like the routes' queries. Every task query is scoped to an org first, so
// the org leads, then the column the route pins (owner, unit, status), then the order (due_at,
// submitted_at) — the planner can then read a page in order and stop, instead of walking the org.
// The board's index covers its aggregation (due_day range → unit, status, due_at) without the table.
const TASK_INDEXES = [
  new TableIndex({ name: 'idx_task_org_owner_due', columnNames: ['org_id', 'owner_id', 'due_at'] }),
  new TableIndex({ name: 'idx_task_org_unit_due', columnNames: ['org_id', 'unit_id', 'due_at'] }),
  new TableIndex({ name: 'idx_task_org_status_submitted', columnNames: ['org_id', 'status', 'submitted_at'] }),
  new TableIndex({ name: 'idx_task_org_dueday_board', columnNames: ['org_id', 'due_day', 'unit_id', 'status', 'due_at'] }),
  new TableIndex({ name: 'idx_task_item', columnNames: ['item_id', 'due_at'] }),
];

export class TaskQueryIndexes1733299200000 implements MigrationInterface {
  name = 'TaskQueryIndexes1733299200000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of TASK_INDEXES) await q.createIndex('task', index);
    await q.createIndex('extension_request', new TableIndex({ name: 'idx_extension_org_status', columnNames: ['org_id', 'status', 'created_at'] }));
    // Statistics for the planner over the new indexes (cheap on an empty database, needed on a full one).
    if (q.connection.options.type === 'postgres') await q.query('ANALYZE');
    else {
      await q.query('PRAGMA analysis_limit = 1000');
      await q.query('ANALYZE');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('extension_request', 'idx_extension_org_status');
    for (const index of [...TASK_INDEXES].reverse()) await q.dropIndex('task', index.name!);
  }
}
