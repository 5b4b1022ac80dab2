import type { WorkingCalendar } from '../schedule/index.js';
import { notificationsDue, type RecipientRole, type SupervisionPolicy } from '../supervision/policy.js';
import { UNFINISHED_STATUSES, type TaskStatus } from '../tasks/task.entity.js';

/**
 * What the ledger should hold, from the tasks alone: the pure policy replayed at every sweep
 * instant over each task's final timeline (its status changes from the audit trail). The sweep
 * records every stage that is due while a task is unfinished (superseded ones as `skipped`), so
 * the ledger's (task, stage, recipient) set must equal the union of what the policy says is due
 * at the sweeps that found the task unfinished.
 */
export interface PredictTask {
  id: number;
  startDay: string;
  dueDay: string;
  dueAt: Date;
  ownerId: number | null;
  unitId: number | null;
  graceUntilDay?: string | null;
  /** Status changes in time order (the first is the status the task was created with). */
  timeline: Array<{ at: Date; status: TaskStatus }>;
}

export interface PredictContext {
  sweeps: Date[];
  calendar: WorkingCalendar;
  policy: SupervisionPolicy;
  tz: string;
  unitHeads: Map<number, number | null>;
  presidium: number[];
}

export const ledgerKey = (taskId: number, stage: string, recipientId: number): string => `${taskId}|${stage}|${recipientId}`;

export function statusAt(timeline: PredictTask['timeline'], at: Date): TaskStatus | null {
  let status: TaskStatus | null = null;
  for (const e of timeline) {
    if (e.at.getTime() > at.getTime()) break;
    status = e.status;
  }
  return status;
}

export function predictLedger(tasks: PredictTask[], ctx: PredictContext): Set<string> {
  const out = new Set<string>();
  for (const task of tasks) {
    const recipients = (role: RecipientRole): number[] =>
      role === 'owner'
        ? task.ownerId
          ? [task.ownerId]
          : []
        : role === 'unitHead'
          ? task.unitId && ctx.unitHeads.get(task.unitId)
            ? [ctx.unitHeads.get(task.unitId)!]
            : []
          : ctx.presidium;
    // With the due instant fixed, what is due only grows with time; so within each run of sweeps
    // that found the task unfinished, the last sweep's due set holds the others' (evaluated there only).
    const unfinished = ctx.sweeps.map((s) => {
      const status = statusAt(task.timeline, s);
      return status && UNFINISHED_STATUSES.includes(status) ? status : null;
    });
    for (const [i, s] of ctx.sweeps.entries()) {
      const status = unfinished[i];
      if (!status || (i + 1 < ctx.sweeps.length && unfinished[i + 1])) continue;
      const { due } = notificationsDue(
        { status, startDay: task.startDay, dueDay: task.dueDay, dueAt: task.dueAt, graceUntilDay: task.graceUntilDay },
        s,
        ctx.calendar,
        ctx.policy,
        ctx.tz,
      );
      for (const d of due) for (const role of d.roles) for (const r of recipients(role)) out.add(ledgerKey(task.id, d.stage, r));
    }
  }
  return out;
}

/** Stage family for totals: escalate-2-w2, -w3 … count as "escalate-2-repeat". */
export function stageGroup(stage: string): string {
  return stage.startsWith('escalate-2-w') ? 'escalate-2-repeat' : stage;
}
