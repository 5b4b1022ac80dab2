import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { Task } from '../tasks/task.entity.js';
import { assertTask, canCancelTask, canReadTask, canReviewTask, canWorkOnTask, FORBIDDEN, type Actor, type TaskScope } from './access.js';

export type TaskPermission = 'read' | 'work' | 'review' | 'cancel';
const CHECKS = { read: canReadTask, work: canWorkOnTask, review: canReviewTask, cancel: canCancelTask } as const;

/** Loads a task with what access decisions need, and enforces one permission on it (404, then 403). */
@Injectable()
export class TaskAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(taskId: number): Promise<{ task: Task; scope: TaskScope; item: PlanItem | null }> {
    const task = await this.db.getRepository(Task).findOneBy({ id: taskId });
    if (!task) throw notFound('任务', taskId);
    const item = await this.db.getRepository(PlanItem).findOneBy({ id: task.itemId });
    return { task, item, scope: { orgId: task.orgId, ownerId: task.ownerId, unitId: task.unitId, coUnitIds: item?.coUnitIds ?? [] } };
  }

  async require(actor: Actor, taskId: number, permission: TaskPermission): Promise<{ task: Task; scope: TaskScope; item: PlanItem | null }> {
    const loaded = await this.load(taskId);
    assertTask(CHECKS[permission], actor, loaded.scope, FORBIDDEN[permission]);
    return loaded;
  }

  /** Item ids of the org whose 配合单位 include this unit (for "what may I see" task lists). */
  async coOwnedItemIds(orgId: number, unitId: number): Promise<number[]> {
    const rows = await this.db
      .getRepository(PlanItem)
      .createQueryBuilder('i')
      .innerJoin('plan', 'p', 'p.id = i.plan_id')
      .select(['i.id', 'i.coUnitIds'])
      .where('p.org_id = :orgId', { orgId })
      .getMany();
    return rows.filter((r) => r.coUnitIds?.includes(unitId)).map((r) => r.id);
  }
}
