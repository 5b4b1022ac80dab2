import type { Actor } from '../auth/access.js';
import { transition, type WorkflowAction, type WorkflowTask } from './workflow.js';

const actor = (id: number, roles: Actor['roles'], unitId: number | null = 10, orgId = 1): Actor => ({ id, orgId, unitId, roles, name: `p${id}`, tokenId: 0 });
const owner = actor(1, ['staff']);
const otherStaff = actor(2, ['staff'], 20);
const head = actor(3, ['staff', 'unit_head']);
const otherHead = actor(4, ['unit_head'], 20);
const presidium = actor(5, ['presidium'], null);
const admin = actor(6, ['admin'], null);
const foreignPresidium = actor(7, ['presidium'], null, 2);

const due = new Date('2024-03-31T15:59:59.999Z');
const before = new Date('2024-03-20T02:00:00Z');
const after = new Date('2024-04-02T02:00:00Z');
const task = (over: Partial<WorkflowTask> = {}): WorkflowTask => ({
  orgId: 1,
  ownerId: 1,
  unitId: 10,
  coUnitIds: [30],
  status: 'open',
  dueAt: due,
  dueDay: '2024-03-31',
  submittedAt: null,
  allowPartial: false,
  returnCount: 0,
  originalDueAt: null,
  ...over,
});
const run = (t: WorkflowTask, a: WorkflowAction, who: Actor, now = before) => transition(t, a, who, now);
const status = (o: ReturnType<typeof transition>) => (o.ok ? o.transition.to : o.error.status);

describe('workflow', () => {
  it('lets the owner or the unit head submit, nobody else', () => {
    const submit: WorkflowAction = { type: 'submit', missing: [] };
    expect(status(run(task(), submit, owner))).toBe('submitted');
    expect(status(run(task(), submit, head))).toBe('submitted');
    for (const who of [otherStaff, otherHead, presidium, admin, foreignPresidium]) expect(status(run(task(), submit, who))).toBe(403);
  });

  it('refuses submission with missing evidence, listing it, unless partial was allowed', () => {
    const missing = [{ kind: '签到表', min: 1, count: 0 }];
    const o = run(task(), { type: 'submit', missing }, owner);
    expect(o.ok).toBe(false);
    if (!o.ok) {
      expect(o.error.status).toBe(422);
      expect(o.error.message).toContain('签到表');
      expect(o.error.details).toEqual({ missing });
    }
    expect(status(run(task({ allowPartial: true }), { type: 'submit', missing }, owner))).toBe('submitted');
  });

  it('names a resubmission after a return', () => {
    const o = run(task({ status: 'returned' }), { type: 'submit', missing: [] }, owner);
    expect(o.ok && o.transition.action).toBe('resubmitted');
  });

  it('only accepts or returns a submitted task, by presidium or the head of its unit', () => {
    const submitted = task({ status: 'submitted', submittedAt: before });
    expect(status(run(submitted, { type: 'accept' }, presidium))).toBe('done');
    expect(status(run(submitted, { type: 'accept' }, head))).toBe('done');
    for (const who of [owner, otherHead, admin, foreignPresidium]) expect(status(run(submitted, { type: 'accept' }, who))).toBe(403);
    expect(status(run(task(), { type: 'accept' }, presidium))).toBe(409);
    expect(status(run(task({ status: 'done' }), { type: 'return', comment: 'x' }, presidium))).toBe(409);
    const returned = run(submitted, { type: 'return', comment: '补签到表' }, presidium);
    expect(returned.ok && returned.transition.changes).toEqual({ status: 'returned', returnCount: 1 });
    expect(status(run(submitted, { type: 'return', comment: ' ' }, presidium))).toBe(422);
  });

  it('judges on time by the submission, not the acceptance', () => {
    const early = run(task({ status: 'submitted', submittedAt: before }), { type: 'accept' }, presidium, after);
    expect(early.ok && early.transition.changes).toMatchObject({ status: 'done', onTime: true, doneAt: after });
    const late = run(task({ status: 'submitted', submittedAt: after }), { type: 'accept' }, presidium, after);
    expect(late.ok && late.transition.changes.onTime).toBe(false);
    const exact = run(task({ status: 'submitted', submittedAt: due }), { type: 'accept' }, presidium, after);
    expect(exact.ok && exact.transition.changes.onTime).toBe(true);
  });

  it('cancels (admin, with a reason) anything not done', () => {
    expect(status(run(task(), { type: 'cancel', reason: '计划调整' }, admin))).toBe('cancelled');
    expect(status(run(task(), { type: 'cancel', reason: '计划调整' }, presidium))).toBe(403);
    expect(status(run(task({ status: 'done' }), { type: 'cancel', reason: 'x' }, admin))).toBe(409);
    expect(status(run(task({ status: 'cancelled' }), { type: 'cancel', reason: 'x' }, admin))).toBe(409);
    expect(status(run(task(), { type: 'cancel', reason: '' }, admin))).toBe(422);
  });

  it('takes extension requests before the due instant only, one at a time, for a later date', () => {
    const ask = (over: Partial<{ newDueDay: string; pending: boolean }> = {}) =>
      ({ type: 'request_extension', newDueDay: '2024-04-30', pending: false, ...over }) as const;
    expect(run(task(), ask(), owner).ok).toBe(true);
    expect(status(run(task(), ask(), otherStaff))).toBe(403);
    expect(status(run(task(), ask(), owner, after))).toBe(409);
    expect(status(run(task(), ask({ pending: true }), owner))).toBe(409);
    expect(status(run(task(), ask({ newDueDay: '2024-03-31' }), owner))).toBe(422);
    expect(status(run(task({ status: 'submitted' }), ask(), owner))).toBe(409);
  });

  it('approves an extension with the approver’s date and keeps the original due instant', () => {
    const newDueAt = new Date('2024-04-15T15:59:59.999Z');
    const o = run(task(), { type: 'decide_extension', request: { status: 'pending' }, approve: true, newDueDay: '2024-04-15', newDueAt }, presidium);
    expect(o.ok && o.transition.changes).toEqual({ dueDay: '2024-04-15', dueAt: newDueAt, originalDueAt: due });
    const again = run(
      task({ originalDueAt: new Date(0) }),
      { type: 'decide_extension', request: { status: 'pending' }, approve: true, newDueDay: '2024-04-15', newDueAt },
      presidium,
    );
    expect(again.ok && again.transition.changes.originalDueAt).toEqual(new Date(0));
    expect(status(run(task(), { type: 'decide_extension', request: { status: 'approved' }, approve: false }, presidium))).toBe(409);
    expect(status(run(task(), { type: 'decide_extension', request: { status: 'pending' }, approve: false }, owner))).toBe(403);
    const denied = run(task(), { type: 'decide_extension', request: { status: 'pending' }, approve: false }, head);
    expect(denied.ok && denied.transition).toMatchObject({ action: 'extension_denied', changes: {} });
  });

  it('caps extensions at the configured months past the original due date', () => {
    const ask = { type: 'request_extension', newDueDay: '2024-10-01', pending: false, maxDueDay: '2024-09-30' } as const;
    const refused = run(task(), ask, owner);
    expect(status(refused)).toBe(422);
    expect(!refused.ok && refused.error.message).toContain('2024-09-30');
    expect(run(task(), { ...ask, newDueDay: '2024-09-30' }, owner).ok).toBe(true);
    const newDueAt = new Date('2024-10-01T15:59:59.999Z');
    expect(
      status(
        run(
          task(),
          { type: 'decide_extension', request: { status: 'pending' }, approve: true, newDueDay: '2024-10-01', newDueAt, maxDueDay: '2024-09-30' },
          presidium,
        ),
      ),
    ).toBe(422);
  });
});
