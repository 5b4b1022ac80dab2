import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntitySubscriberInterface, type UpdateEvent } from 'typeorm';
import { Task } from '../tasks/task.entity.js';

/** Changes that can alter what is due for a task. */
const WATCHED: Array<keyof Task> = ['dueAt', 'windowStart', 'status', 'ownerId', 'unitId', 'startDay', 'dueDay'];

/**
 * Keeps task.next_notify_at honest without every writer knowing about it: any TypeORM update of a
 * task that touches its dates, status or people sets next_notify_at = 0 ("look again now"), so the
 * next sweep recomputes it (an extension re-arms reminders, a submission stops them). Inserts get 0
 * from the column default. Raw SQL updates bypass this; they must set next_notify_at = 0 themselves.
 */
@Injectable()
export class TaskNotifySubscriber implements EntitySubscriberInterface<Task> {
  constructor(@InjectDataSource() db: DataSource) {
    if (!db.subscribers.some((s) => s instanceof TaskNotifySubscriber)) db.subscribers.push(this);
  }

  listenTo(): typeof Task {
    return Task;
  }

  beforeUpdate(event: UpdateEvent<Task>): void {
    const set = event.entity as Partial<Task> | undefined;
    if (!set) return;
    const db = event.databaseEntity as Task | undefined;
    if (db) {
      // save() of a loaded entity: compare with what is stored.
      const changed = WATCHED.some((k) => {
        const a = set[k] as unknown;
        const b = db[k] as unknown;
        return a instanceof Date && b instanceof Date ? a.getTime() !== b.getTime() : a !== undefined && a !== b;
      });
      if (changed) set.nextNotifyAt = 0;
      return;
    }
    // QueryBuilder / repository.update(): the entity is the SET clause.
    if (!('nextNotifyAt' in set) && WATCHED.some((k) => k in set)) set.nextNotifyAt = 0;
  }
}
