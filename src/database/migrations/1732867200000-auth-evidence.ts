import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, instant, fk } from './schema-helpers.js';

// Issue #4: credentials and tokens, evidence files and attachments, extension requests.
// Schema builder only, so the same migration serves SQLite and PostgreSQL; instants are BIGINT epoch ms.

export class AuthEvidence1732867200000 implements MigrationInterface {
  name = 'AuthEvidence1732867200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'credential',
        columns: [{ name: 'person_id', type: 'integer', isPrimary: true }, str('password_hash', 255), instant('updated_at')],
        foreignKeys: [fk('person_id', 'person', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'auth_token',
        columns: [
          id,
          int('person_id'),
          str('kind', 16),
          str('name', 100, true),
          str('token_hash', 64),
          str('hint', 16),
          int('created_by', true),
          instant('created_at'),
          instant('expires_at', true),
          instant('revoked_at', true),
          instant('last_used_at', true),
        ],
        foreignKeys: [fk('person_id', 'person', 'CASCADE')],
        indices: [
          new TableIndex({ name: 'uq_auth_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_auth_token_person', columnNames: ['person_id', 'kind'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'evidence_file',
        columns: [
          id,
          int('org_id'),
          str('sha256', 64),
          instant('size'),
          str('mime', 120),
          str('ext', 16),
          str('original_name', 255),
          int('uploaded_by', true),
          instant('created_at'),
        ],
        foreignKeys: [fk('org_id', 'org', 'CASCADE'), fk('uploaded_by', 'person', 'SET NULL')],
        indices: [new TableIndex({ name: 'uq_evidence_file_org_sha', columnNames: ['org_id', 'sha256'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'evidence',
        columns: [
          id,
          int('org_id'),
          int('task_id'),
          str('type', 8),
          str('kind', 50, true),
          int('file_id', true),
          str('url', 2000, true),
          text('note'),
          int('added_by', true),
          instant('added_at'),
          int('detached_by', true),
          instant('detached_at', true),
        ],
        foreignKeys: [fk('task_id', 'task', 'CASCADE'), fk('file_id', 'evidence_file', 'RESTRICT'), fk('added_by', 'person', 'SET NULL')],
        indices: [
          new TableIndex({ name: 'idx_evidence_task', columnNames: ['task_id', 'detached_at'] }),
          new TableIndex({ name: 'idx_evidence_file', columnNames: ['file_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'extension_request',
        columns: [
          id,
          int('org_id'),
          int('task_id'),
          int('requested_by', true),
          text('reason', false),
          text('progress', false),
          str('requested_due_day', 10),
          str('previous_due_day', 10),
          str('status', 16),
          int('decided_by', true),
          str('approved_due_day', 10, true),
          text('decision_comment'),
          instant('created_at'),
          instant('decided_at', true),
        ],
        foreignKeys: [fk('task_id', 'task', 'CASCADE'), fk('requested_by', 'person', 'SET NULL')],
        indices: [new TableIndex({ name: 'idx_extension_task', columnNames: ['task_id', 'status'] })],
      }),
    );

    await q.addColumn('task', new TableColumn({ name: 'allow_partial', type: 'boolean', isNullable: false, default: false }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('task', 'allow_partial');
    for (const t of ['extension_request', 'evidence', 'evidence_file', 'auth_token', 'credential']) await q.dropTable(t);
  }
}
