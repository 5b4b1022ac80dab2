import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, instant, fk } from './schema-helpers.js';

// Issue #5: reminders, escalation and the notification ledger. Schema builder only, so the same
// migration serves SQLite and PostgreSQL; instants are BIGINT epoch ms.

export class Notifications1732953600000 implements MigrationInterface {
  name = 'Notifications1732953600000';

  async up(q: QueryRunner): Promise<void> {
    // When the sweep must look at the task next: 0 = recompute now (new or changed task), null = never.
    await q.addColumn('task', new TableColumn({ name: 'next_notify_at', type: 'bigint', isNullable: true, default: 0 }));
    await q.createIndex('task', new TableIndex({ name: 'idx_task_next_notify', columnNames: ['next_notify_at'] }));
    // email | wecom | dingtalk | webhook | log; null = email when the person has one, else the webhook, else log.
    await q.addColumn('person', new TableColumn({ ...str('notify_channel', 16, true) }));

    await q.createTable(
      new Table({
        name: 'org_policy',
        columns: [{ name: 'org_id', type: 'integer', isPrimary: true }, text('policy', false), instant('updated_at')],
        foreignKeys: [fk('org_id', 'org', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'supervision_watermark',
        columns: [{ name: 'name', type: 'varchar', length: '100', isPrimary: true }, instant('at')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'notification_message',
        columns: [
          id,
          str('key', 200),
          str('kind', 24),
          int('org_id'),
          int('recipient_id'),
          str('channel', 16, true),
          str('status', 16),
          int('attempts', false, 0),
          int('retries', false, 0),
          text('last_error'),
          str('subject', 300, true),
          text('data'),
          instant('sent_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        foreignKeys: [fk('org_id', 'org', 'CASCADE'), fk('recipient_id', 'person', 'CASCADE')],
        indices: [
          new TableIndex({ name: 'uq_notification_message_key', columnNames: ['key'], isUnique: true }),
          new TableIndex({ name: 'idx_notification_message_status', columnNames: ['status', 'id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          id,
          str('key', 200),
          int('org_id'),
          int('task_id'),
          str('stage', 32),
          instant('due_basis'),
          int('recipient_id'),
          str('role', 16),
          int('level', false, 0),
          instant('due_at'),
          str('status', 16),
          str('reason', 200, true),
          int('message_id', true),
          { name: 'catch_up', type: 'boolean', isNullable: false, default: false },
          instant('created_at'),
          instant('updated_at'),
        ],
        foreignKeys: [
          fk('org_id', 'org', 'CASCADE'),
          fk('task_id', 'task', 'CASCADE'),
          fk('recipient_id', 'person', 'CASCADE'),
          fk('message_id', 'notification_message', 'SET NULL'),
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_key', columnNames: ['key'], isUnique: true }),
          new TableIndex({ name: 'idx_notification_open', columnNames: ['status', 'message_id', 'recipient_id'] }),
          new TableIndex({ name: 'idx_notification_message', columnNames: ['message_id'] }),
          new TableIndex({ name: 'idx_notification_task', columnNames: ['task_id', 'stage'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification', 'notification_message', 'supervision_watermark', 'org_policy']) await q.dropTable(t);
    await q.dropColumn('person', 'notify_channel');
    await q.dropIndex('task', 'idx_task_next_notify');
    await q.dropColumn('task', 'next_notify_at');
  }
}
