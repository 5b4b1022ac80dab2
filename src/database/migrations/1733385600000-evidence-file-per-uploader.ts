import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue #13 (11): identical bytes uploaded by a second person returned the first uploader's record
// (their file name, their id). The content stays stored once per org; the record is now unique per
// (org, content, uploader), so each uploader gets their own. Schema builder only: SQLite and PostgreSQL.
export class EvidenceFilePerUploader1733385600000 implements MigrationInterface {
  name = 'EvidenceFilePerUploader1733385600000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('evidence_file', 'uq_evidence_file_org_sha');
    await q.createIndex(
      'evidence_file',
      new TableIndex({ name: 'uq_evidence_file_org_sha_uploader', columnNames: ['org_id', 'sha256', 'uploaded_by'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Only possible while no content has two uploaders' records.
    await q.dropIndex('evidence_file', 'uq_evidence_file_org_sha_uploader');
    await q.createIndex('evidence_file', new TableIndex({ name: 'uq_evidence_file_org_sha', columnNames: ['org_id', 'sha256'], isUnique: true }));
  }
}
