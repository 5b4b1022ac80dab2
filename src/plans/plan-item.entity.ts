import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';
import type { Schedule, ScheduleDetail } from '../schedule/index.js';

/** 预期佐证: what kind of evidence an item expects, and how many. */
export interface EvidenceRequirement {
  kind: string;
  min: number;
}

/** A name the document wrote and who in the org it may be (best first; score 1 = same name). */
export interface NameCandidate {
  id: number;
  name: string;
  score: number;
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
  /** Import review (null for items entered by hand): how sure the extraction was (0..1), and why. */
  @Column({ type: 'real', nullable: true }) confidence: number | null;
  @JsonColumn({ name: 'review_reasons', nullable: true }) reviewReasons: string[] | null;
  /** The responsible unit and person as the document wrote them, and who they may be. */
  @Column({ type: 'varchar', length: 200, name: 'unit_written', nullable: true }) unitWritten: string | null;
  @Column({ type: 'varchar', length: 100, name: 'owner_written', nullable: true }) ownerWritten: string | null;
  @JsonColumn({ name: 'unit_candidates', nullable: true }) unitCandidates: NameCandidate[] | null;
  @JsonColumn({ name: 'owner_candidates', nullable: true }) ownerCandidates: NameCandidate[] | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}
