import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';
import type { SupervisionPolicy } from './policy.js';

/** An org's overrides of the configured supervision policy (any subset of its keys). */
@Entity('org_policy')
export class OrgPolicy {
  @PrimaryColumn({ type: 'integer', name: 'org_id' }) orgId: number;
  @JsonColumn() policy: Partial<SupervisionPolicy>;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}

/** How far a periodic process has got: `sweep` (last instant swept), `presidium:<orgId>` (last alert day start). */
@Entity('supervision_watermark')
export class SupervisionWatermark {
  @PrimaryColumn({ type: 'varchar', length: 100 }) name: string;
  @InstantColumn() at: Date;
}
