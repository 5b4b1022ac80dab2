import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';

export type ReportDeliveryStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

/**
 * The scheduled quarterly report of one org and quarter, under a unique key (`report:<org>:<2024-Q3>`).
 * A worker claims the row (pending → sending) before it sends and marks it sent after, so two
 * instances, a job enqueued twice or a restart send it once. Explicit re-sends do not touch it
 * (they are audited instead).
 */
@Entity('report_delivery')
@Index('uq_report_delivery_key', ['key'], { unique: true })
export class ReportDelivery {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 100 }) key: string;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) quarter: number;
  @Column({ type: 'varchar', length: 16 }) status: ReportDeliveryStatus;
  /** When the current sender claimed it; a claim older than the lease is taken over (the sender died). */
  @InstantColumn({ name: 'claimed_at', nullable: true }) claimedAt: Date | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @JsonColumn({ nullable: true }) recipients: string[] | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @InstantColumn({ name: 'sent_at', nullable: true }) sentAt: Date | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}
