import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, instant, bool, fk } from './schema-helpers.js';

// Written with TypeORM's schema builder rather than SQL so one migration serves SQLite and
// PostgreSQL alike. Instants are BIGINT epoch milliseconds (see database/columns.ts).

export class Initial1732780800000 implements MigrationInterface {
  name = 'Initial1732780800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'org', columns: [id, str('name', 200), str('time_zone', 64), instant('created_at')] }));

    await q.createTable(
      new Table({
        name: 'unit',
        columns: [id, int('org_id'), str('name', 200), int('head_id', true), instant('created_at')],
        foreignKeys: [fk('org_id', 'org', 'CASCADE')],
        indices: [new TableIndex({ name: 'idx_unit_org', columnNames: ['org_id'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'person',
        columns: [
          id,
          int('org_id'),
          int('unit_id', true),
          str('name', 100),
          text('roles', false),
          { ...str('email', 200, true), isUnique: true },
          str('phone', 40, true),
          str('webhook_url', 500, true),
          bool('active', false, true),
          instant('created_at'),
        ],
        foreignKeys: [fk('org_id', 'org', 'CASCADE'), fk('unit_id', 'unit', 'SET NULL')],
        indices: [new TableIndex({ name: 'idx_person_org', columnNames: ['org_id'] }), new TableIndex({ name: 'idx_person_unit', columnNames: ['unit_id'] })],
      }),
    );
    await q.createForeignKey('unit', fk('head_id', 'person', 'SET NULL'));

    await q.createTable(
      new Table({
        name: 'plan',
        columns: [
          id,
          int('org_id'),
          int('year'),
          str('title', 300),
          text('source_text'),
          str('status', 16),
          instant('activated_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        foreignKeys: [fk('org_id', 'org', 'CASCADE')],
        indices: [new TableIndex({ name: 'idx_plan_org_year', columnNames: ['org_id', 'year'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'plan_item',
        columns: [
          id,
          int('plan_id'),
          int('sort_order', false, 0),
          text('section_path', false),
          str('code', 40, true),
          str('title', 300),
          text('source_quote'),
          str('time_text', 200, true),
          text('schedule'),
          text('schedule_detail'),
          int('owner_id', true),
          int('unit_id', true),
          text('co_unit_ids', false),
          text('evidence_requirements', false),
          instant('created_at'),
          instant('updated_at'),
        ],
        foreignKeys: [fk('plan_id', 'plan', 'CASCADE'), fk('owner_id', 'person', 'SET NULL'), fk('unit_id', 'unit', 'SET NULL')],
        indices: [new TableIndex({ name: 'idx_item_plan', columnNames: ['plan_id', 'sort_order'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'task',
        columns: [
          id,
          int('org_id'),
          int('plan_id'),
          int('item_id'),
          str('period_key', 32),
          str('label', 100),
          str('start_day', 10),
          str('due_day', 10),
          instant('window_start'),
          instant('due_at'),
          str('status', 16),
          int('owner_id', true),
          int('unit_id', true),
          int('escalation_level', false, 0),
          instant('submitted_at', true),
          instant('done_at', true),
          bool('on_time', true),
          int('return_count', false, 0),
          instant('original_due_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        foreignKeys: [
          fk('org_id', 'org', 'CASCADE'),
          fk('plan_id', 'plan', 'CASCADE'),
          fk('item_id', 'plan_item', 'CASCADE'),
          fk('owner_id', 'person', 'SET NULL'),
          fk('unit_id', 'unit', 'SET NULL'),
        ],
        indices: [
          new TableIndex({ name: 'uq_task_item_period', columnNames: ['item_id', 'period_key'], isUnique: true }),
          new TableIndex({ name: 'idx_task_owner_status_due', columnNames: ['owner_id', 'status', 'due_at'] }),
          new TableIndex({ name: 'idx_task_unit_status_due', columnNames: ['unit_id', 'status', 'due_at'] }),
          new TableIndex({ name: 'idx_task_status_due', columnNames: ['status', 'due_at'] }),
          new TableIndex({ name: 'idx_task_plan', columnNames: ['plan_id'] }),
          new TableIndex({ name: 'idx_task_org_due', columnNames: ['org_id', 'due_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          id,
          int('org_id', true),
          str('entity_type', 32),
          int('entity_id'),
          int('task_id', true),
          str('action', 48),
          int('actor_id', true),
          str('from_status', 16, true),
          str('to_status', 16, true),
          text('reason'),
          text('data'),
          instant('at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id', 'at'] }),
          new TableIndex({ name: 'idx_audit_task', columnNames: ['task_id', 'at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_event', 'task', 'plan_item', 'plan']) await q.dropTable(t);
    await q.dropForeignKey('unit', 'FK_unit_head_id').catch(() => undefined);
    for (const t of ['person', 'unit', 'org']) await q.dropTable(t);
  }
}
