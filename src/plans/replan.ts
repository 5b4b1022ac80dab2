import type { PlannedTask } from '../schedule/index.js';
import { UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';

export interface ExistingTask {
  id: number;
  periodKey: string;
  status: TaskStatus;
  label: string;
  startDay: string;
  dueDay: string;
  dueAt: Date;
}

export interface TaskChanges {
  create: PlannedTask[];
  update: Array<{ id: number; planned: PlannedTask }>;
  cancel: ExistingTask[];
}

/**
 * What activation (or a schedule edit) must change so an item's tasks match its schedule.
 * Occurrences are matched by period key, so activating twice changes nothing. Only open future
 * work moves: a task that is finished, submitted or already past its due instant is history and
 * is kept as it is.
 */
export function planTaskChanges(existing: ExistingTask[], planned: PlannedTask[], now: Date): TaskChanges {
  const byKey = new Map(existing.map((t) => [t.periodKey, t]));
  const plannedKeys = new Set(planned.map((p) => p.periodKey));
  const movable = (t: ExistingTask) => UNFINISHED_STATUSES.includes(t.status) && t.dueAt.getTime() > now.getTime();
  const changes: TaskChanges = { create: [], update: [], cancel: [] };
  for (const p of planned) {
    const t = byKey.get(p.periodKey);
    if (!t) changes.create.push(p);
    else if (movable(t) && (t.startDay !== p.start || t.dueDay !== p.dueDay || t.label !== p.label)) changes.update.push({ id: t.id, planned: p });
  }
  for (const t of existing) if (!plannedKeys.has(t.periodKey) && movable(t)) changes.cancel.push(t);
  return changes;
}
