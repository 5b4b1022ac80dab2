import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

export const PLAN_STATUSES = ['draft', 'active', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** 工作计划: one document for one org and year. */
@Entity('plan')
@Index('idx_plan_org_year', ['orgId', 'year'])
export class Plan {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text', name: 'source_text', nullable: true }) sourceText: string | null;
  @Column({ type: 'varchar', length: 16 }) status: PlanStatus;
  @InstantColumn({ name: 'activated_at', nullable: true }) activatedAt: Date | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}
