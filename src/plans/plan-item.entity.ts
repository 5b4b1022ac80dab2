import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';
import type { Schedule, ScheduleDetail } from '../schedule/index.js';

/** 预期佐证: what kind of evidence an item expects, and how many. */
export interface EvidenceRequirement {
  kind: string;
  min: number;
}

/** 计划事项: one commitment in a plan. */
@Entity('plan_item')
@Index('idx_item_plan', ['planId', 'sortOrder'])
export class PlanItem {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'plan_id' }) planId: number;
  @Column({ type: 'integer', name: 'sort_order', default: 0 }) sortOrder: number;
  @JsonColumn({ name: 'section_path' }) sectionPath: string[];
  @Column({ type: 'varchar', length: 40, nullable: true }) code: string | null;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text', name: 'source_quote', nullable: true }) sourceQuote: string | null;
  /** The time phrase as written ("3—4月份"); schedule is what it was read as. */
  @Column({ type: 'varchar', length: 200, name: 'time_text', nullable: true }) timeText: string | null;
  /** null = no time expression: a whole-year item. */
  @JsonColumn({ nullable: true }) schedule: Schedule | null;
  @JsonColumn({ name: 'schedule_detail', nullable: true }) scheduleDetail: ScheduleDetail | null;
  @Column({ type: 'integer', name: 'owner_id', nullable: true }) ownerId: number | null;
  @Column({ type: 'integer', name: 'unit_id', nullable: true }) unitId: number | null;
  @JsonColumn({ name: 'co_unit_ids' }) coUnitIds: number[];
  @JsonColumn({ name: 'evidence_requirements' }) evidenceRequirements: EvidenceRequirement[];
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}
