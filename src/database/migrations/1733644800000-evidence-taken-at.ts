import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #9: the photo's capture time (EXIF DateTimeOriginal) beside the upload time, as BIGINT epoch ms like
// every instant. Schema builder only: SQLite and PostgreSQL alike.
export class EvidenceTakenAt1733644800000 implements MigrationInterface {
  name = 'EvidenceTakenAt1733644800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('evidence_file', new TableColumn({ name: 'taken_at', type: 'bigint', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('evidence_file', 'taken_at');
  }
}
