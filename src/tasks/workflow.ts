import { HttpStatus } from '@nestjs/common';
import { canCancelTask, canReviewTask, canWorkOnTask, FORBIDDEN, type Actor, type TaskScope } from '../auth/access.js';
import { conflict, DomainError, forbidden, invalidField } from '../common/errors.js';
import type { ExtensionRequest } from './extension-request.entity.js';
import type { TaskStatus } from './task.entity.js';

/**
 * The completion workflow as a pure function: (task, action, actor, now) → the change to apply, or
 * the error to answer with. Services load, call this, save and audit; nothing else decides.
 */
export interface WorkflowTask extends TaskScope {
  status: TaskStatus;
  dueAt: Date;
  dueDay: string;
  submittedAt: Date | null;
  allowPartial: boolean;
  returnCount: number;
  originalDueAt: Date | null;
}

export interface MissingEvidence {
  kind: string;
  min: number;
  count: number;
}

export type WorkflowAction =
  | { type: 'submit'; missing: MissingEvidence[] }
  | { type: 'accept'; comment?: string }
  | { type: 'return'; comment: string }
  | { type: 'cancel'; reason: string }
  | { type: 'allow_partial'; allow: boolean }
  | {
      type: 'request_extension';
      newDueDay: string;
      pending: boolean;
      /** latest due day an extension may reach (YYYY-MM-DD), if capped */ maxDueDay?: string | null;
    }
  | { type: 'decide_extension'; request: Pick<ExtensionRequest, 'status'>; approve: boolean; newDueDay?: string; newDueAt?: Date; maxDueDay?: string | null };

export interface Transition {
  /** Audit action name. */
  action: string;
  from: TaskStatus;
  to: TaskStatus;
  /** Fields of the task to update (empty when only a request changes). */
  changes: Partial<
    Pick<WorkflowTask, 'status' | 'submittedAt' | 'allowPartial' | 'returnCount' | 'dueAt' | 'dueDay' | 'originalDueAt'> & {
      doneAt: Date | null;
      onTime: boolean | null;
    }
  >;
}

export type Outcome = { ok: true; transition: Transition } | { ok: false; error: DomainError };

const SUBMITTABLE: TaskStatus[] = ['scheduled', 'open', 'returned'];
const EXTENDABLE: TaskStatus[] = ['scheduled', 'open', 'returned'];
const STATUS_CN: Record<TaskStatus, string> = {
  scheduled: '未开始',
  open: '进行中',
  submitted: '已提交待审核',
  returned: '已退回',
  done: '已完成',
  cancelled: '已取消',
};

const fail = (error: DomainError): Outcome => ({ ok: false, error });
const illegal = (task: WorkflowTask, what: string): Outcome =>
  fail(conflict('ILLEGAL_TRANSITION', `任务当前状态为“${STATUS_CN[task.status]}”，不能${what}`, { status: task.status }));
const ok = (action: string, task: WorkflowTask, to: TaskStatus, changes: Transition['changes'] = {}): Outcome => ({
  ok: true,
  transition: { action, from: task.status, to, changes },
});

export function transition(task: WorkflowTask, action: WorkflowAction, actor: Actor, now: Date): Outcome {
  switch (action.type) {
    case 'submit': {
      if (!canWorkOnTask(actor, task)) return fail(forbidden(FORBIDDEN.work));
      if (!SUBMITTABLE.includes(task.status)) return illegal(task, '提交');
      if (action.missing.length && !task.allowPartial) {
        const list = action.missing.map((m) => `${m.kind} 需 ${m.min} 份，已有 ${m.count} 份`);
        return fail(
          new DomainError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'EVIDENCE_MISSING',
            `佐证材料不全，不能提交：${list.join('；')}`,
            { evidence: list },
            { missing: action.missing },
          ),
        );
      }
      return ok(task.status === 'returned' ? 'resubmitted' : 'submitted', task, 'submitted', { status: 'submitted', submittedAt: now });
    }
    case 'accept': {
      if (!canReviewTask(actor, task)) return fail(forbidden(FORBIDDEN.review));
      if (task.status !== 'submitted') return illegal(task, '审核通过');
      // On time is judged by when it was (last) submitted, not by when the reviewer got to it.
      const onTime = (task.submittedAt ?? now).getTime() <= task.dueAt.getTime();
      return ok('accepted', task, 'done', { status: 'done', doneAt: now, onTime });
    }
    case 'return': {
      if (!canReviewTask(actor, task)) return fail(forbidden(FORBIDDEN.review));
      if (task.status !== 'submitted') return illegal(task, '退回');
      if (!action.comment?.trim()) return fail(invalidField('comment', '退回时必须写明原因'));
      return ok('returned', task, 'returned', { status: 'returned', returnCount: task.returnCount + 1 });
    }
    case 'cancel': {
      if (!canCancelTask(actor, task)) return fail(forbidden(FORBIDDEN.cancel));
      if (task.status === 'done' || task.status === 'cancelled') return illegal(task, '取消');
      if (!action.reason?.trim()) return fail(invalidField('reason', '取消时必须写明原因'));
      return ok('cancelled', task, 'cancelled', { status: 'cancelled' });
    }
    case 'allow_partial': {
      if (!canReviewTask(actor, task)) return fail(forbidden(FORBIDDEN.review));
      if (task.status === 'done' || task.status === 'cancelled') return illegal(task, '调整佐证要求');
      return ok(action.allow ? 'partial_allowed' : 'partial_revoked', task, task.status, { allowPartial: action.allow });
    }
    case 'request_extension': {
      if (!canWorkOnTask(actor, task)) return fail(forbidden(FORBIDDEN.work));
      if (!EXTENDABLE.includes(task.status)) return illegal(task, '申请延期');
      if (now.getTime() > task.dueAt.getTime()) return fail(conflict('EXTENSION_TOO_LATE', `延期申请须在截止时间（${task.dueDay}）之前提出`));
      if (action.pending) return fail(conflict('EXTENSION_PENDING', '已有一份延期申请在审批中'));
      if (action.newDueDay <= task.dueDay) return fail(invalidField('newDueDay', `新的截止日期必须晚于当前截止日期 ${task.dueDay}`));
      if (action.maxDueDay && action.newDueDay > action.maxDueDay)
        return fail(invalidField('newDueDay', `延期最晚到 ${action.maxDueDay}（自原截止日期起的延期上限）`, `延期超过上限：最晚到 ${action.maxDueDay}`));
      return ok('extension_requested', task, task.status);
    }
    case 'decide_extension': {
      if (!canReviewTask(actor, task)) return fail(forbidden(FORBIDDEN.review));
      if (action.request.status !== 'pending') return fail(conflict('ILLEGAL_TRANSITION', '该延期申请已经处理过'));
      if (!action.approve) return ok('extension_denied', task, task.status);
      if (!EXTENDABLE.includes(task.status)) return illegal(task, '批准延期');
      if (!action.newDueDay || !action.newDueAt) return fail(invalidField('dueDay', '必须给出批准的截止日期'));
      if (action.newDueAt.getTime() <= now.getTime()) return fail(invalidField('dueDay', '批准的截止日期必须在今天之后'));
      if (action.maxDueDay && action.newDueDay > action.maxDueDay)
        return fail(invalidField('dueDay', `延期最晚到 ${action.maxDueDay}（自原截止日期起的延期上限）`, `延期超过上限：最晚到 ${action.maxDueDay}`));
      return ok('extension_approved', task, task.status, { dueDay: action.newDueDay, dueAt: action.newDueAt, originalDueAt: task.originalDueAt ?? task.dueAt });
    }
  }
}
