import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { Task } from '../tasks/task.entity.js';
import { assertTask, canCancelTask, canReadTask, canReviewTask, canWorkOnTask, FORBIDDEN, type Actor, type TaskScope } from './access.js';

export type TaskPermission = 'read' | 'work' | 'review' | 'cancel';
const CHECKS = { read: canReadTask, work: canWorkOnTask, review: canReviewTask, cancel: canCancelTask } as const;

/**
 * Loads a task with what access decisions need, and enforces one permission on it (404, then 403).
 * Lists do not come here: they apply the same rules inside their SQL (tasks/task-visibility.ts).
 */
@Injectable()
export class TaskAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The task and its item in one query (the item's 配合单位 are part of the access decision). */
  async load(taskId: number): Promise<{ task: Task; scope: TaskScope; item: PlanItem | null }> {
    const task = (await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .leftJoinAndMapOne('t.item', PlanItem, 'i', 'i.id = t.item_id')
      .where('t.id = :taskId', { taskId })
      .getOne()) as (Task & { item?: PlanItem | null }) | null;
    if (!task) throw notFound('任务', taskId);
    const item = task.item ?? null;
    delete task.item;
    return { task, item, scope: { orgId: task.orgId, ownerId: task.ownerId, unitId: task.unitId, coUnitIds: item?.coUnitIds ?? [] } };
  }

  async require(actor: Actor, taskId: number, permission: TaskPermission): Promise<{ task: Task; scope: TaskScope; item: PlanItem | null }> {
    const loaded = await this.load(taskId);
    assertTask(CHECKS[permission], actor, loaded.scope, FORBIDDEN[permission]);
    return loaded;
  }
}
