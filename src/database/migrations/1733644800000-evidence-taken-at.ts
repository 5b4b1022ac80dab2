import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #9: the photo's capture time (EXIF DateTimeOriginal) beside the upload time, as BIGINT epoch ms like
// every instant; and for HEIC photos the content address of the JPEG rendition the reviewer's browser shows
// (stored beside the original, which is kept as uploaded). Schema builder only: SQLite and PostgreSQL alike.
export class EvidenceTakenAt1733644800000 implements MigrationInterface {
  name = 'EvidenceTakenAt1733644800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('evidence_file', [
      new TableColumn({ name: 'taken_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'jpeg_sha256', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('evidence_file', 'jpeg_sha256');
    await q.dropColumn('evidence_file', 'taken_at');
  }
}
