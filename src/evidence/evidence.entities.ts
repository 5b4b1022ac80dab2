import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * One person's upload. The content is stored once by SHA-256 at <dataDir>/evidence/ab/cd/<sha256>,
 * however many people upload it; each uploader has their own record (name, uploader), one per content.
 * The same file can back evidence on several tasks ("同类材料最多报一次").
 */
@Entity('evidence_file')
@Index('uq_evidence_file_org_sha_uploader', ['orgId', 'sha256', 'uploadedBy'], { unique: true })
export class EvidenceFile {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ type: 'bigint', transformer: bigintNumber }) size: number;
  /** Detected from the content, never from the name. */
  @Column({ type: 'varchar', length: 120 }) mime: string;
  @Column({ type: 'varchar', length: 16 }) ext: string;
  @Column({ type: 'varchar', length: 255, name: 'original_name' }) originalName: string;
  @Column({ type: 'integer', name: 'uploaded_by', nullable: true }) uploadedBy: number | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  /** When the photo was taken (EXIF), beside the upload time; null for non-photos and photos without EXIF. */
  @InstantColumn({ name: 'taken_at', nullable: true }) takenAt: Date | null;
  /**
   * HEIC/HEIF only: the stored JPEG made from it on upload (heic-convert), served by
   * GET /files/:id/download?rendition=jpeg so any browser can show the photo; the original stays as uploaded.
   */
  @Column({ type: 'varchar', length: 64, name: 'jpeg_sha256', nullable: true }) jpegSha256: string | null;
}

export type EvidenceType = 'file' | 'link' | 'note';

/** 佐证材料 attached to a task. Never deleted: detaching sets detachedAt, and is refused once the task is done. */
@Entity('evidence')
@Index('idx_evidence_task', ['taskId', 'detachedAt'])
@Index('idx_evidence_file', ['fileId'])
export class Evidence {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'task_id' }) taskId: number;
  @Column({ type: 'varchar', length: 8 }) type: EvidenceType;
  /** What it proves, matched against the item's requirements: "会议记录", "签到表", "照片". */
  @Column({ type: 'varchar', length: 50, nullable: true }) kind: string | null;
  @Column({ type: 'integer', name: 'file_id', nullable: true }) fileId: number | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) url: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'integer', name: 'added_by', nullable: true }) addedBy: number | null;
  @InstantColumn({ name: 'added_at' }) addedAt: Date;
  @Column({ type: 'integer', name: 'detached_by', nullable: true }) detachedBy: number | null;
  @InstantColumn({ name: 'detached_at', nullable: true }) detachedAt: Date | null;
}
