import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #6: one report_delivery row per (org, year, quarter) under a unique key, so the scheduled
// quarterly report is sent once however many instances tick or restart. Schema builder only, so the
// same migration serves SQLite and PostgreSQL; instants are BIGINT epoch ms.
export class Reports1733040000000 implements MigrationInterface {
  name = 'Reports1733040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'report_delivery',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'key', type: 'varchar', length: '100' },
          { name: 'org_id', type: 'integer' },
          { name: 'year', type: 'integer' },
          { name: 'quarter', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'claimed_at', type: 'bigint', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'recipients', type: 'text', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'sent_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'org', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'uq_report_delivery_key', columnNames: ['key'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_delivery');
  }
}
