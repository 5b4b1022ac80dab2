import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #12: the activation grace day of a task, and a person's member id in 企业微信 and in 钉钉, for application messages and work
// notifications (channels wecom-app / dingtalk-app). Schema builder only: SQLite and PostgreSQL alike.
export class Messages1733472000000 implements MigrationInterface {
  name = 'Messages1733472000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('person', [
      new TableColumn({ name: 'wecom_user_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'dingtalk_user_id', type: 'varchar', length: '64', isNullable: true }),
    ]);
    // Activation grace: the chase of a task already past due at activation counts from this local day.
    await q.addColumn('task', new TableColumn({ name: 'grace_until_day', type: 'varchar', length: '10', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('task', 'grace_until_day');
    await q.dropColumn('person', 'dingtalk_user_id');
    await q.dropColumn('person', 'wecom_user_id');
  }
}
