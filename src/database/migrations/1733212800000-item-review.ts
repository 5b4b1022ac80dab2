import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #10: an imported item keeps what the review screen shows — the extraction's confidence,
// the reasons behind it, the unit and owner names the document wrote and the candidates they may
// be. All nullable: items entered by hand have none. JSON in TEXT, as elsewhere.
export class ItemReview1733212800000 implements MigrationInterface {
  name = 'ItemReview1733212800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('plan_item', [
      new TableColumn({ name: 'confidence', type: 'real', isNullable: true }),
      new TableColumn({ name: 'review_reasons', type: 'text', isNullable: true }),
      new TableColumn({ name: 'unit_written', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'owner_written', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'unit_candidates', type: 'text', isNullable: true }),
      new TableColumn({ name: 'owner_candidates', type: 'text', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['owner_candidates', 'unit_candidates', 'owner_written', 'unit_written', 'review_reasons', 'confidence'])
      await q.dropColumn('plan_item', c);
  }
}
