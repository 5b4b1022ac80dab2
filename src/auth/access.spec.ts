import { canCancelTask, canReadTask, canReviewTask, canWorkOnTask, type Actor, type TaskScope } from './access.js';

const a = (id: number, roles: Actor['roles'], unitId: number | null, orgId = 1): Actor => ({ id, orgId, unitId, roles, name: '', tokenId: 0 });
const t: TaskScope = { orgId: 1, ownerId: 1, unitId: 10, coUnitIds: [30] };

describe('access rules', () => {
  const table: Array<[string, Actor, boolean, boolean, boolean, boolean]> = [
    // who, read, work, review, cancel
    ['owner', a(1, ['staff'], 10), true, true, false, false],
    ['colleague in the same unit', a(2, ['staff'], 10), false, false, false, false],
    ['staff of a co-unit', a(3, ['staff'], 30), true, false, false, false],
    ['staff of another unit', a(4, ['staff'], 20), false, false, false, false],
    ['head of the unit', a(5, ['unit_head'], 10), true, true, true, false],
    ['head of another unit', a(6, ['unit_head'], 20), false, false, false, false],
    ['presidium', a(7, ['presidium'], null), true, false, true, false],
    ['admin', a(8, ['admin'], null), true, false, false, true],
    ['presidium of another org', a(9, ['presidium', 'admin'], null, 2), false, false, false, false],
    // nobody reviews their own work: a unit head or presidium member who owns the task
    ['head of the unit who owns the task', a(1, ['unit_head'], 10), true, true, false, false],
    ['presidium member who owns the task', a(1, ['presidium'], 10), true, true, false, false],
  ];
  it.each(table)('%s', (_w, who, read, work, review, cancel) => {
    expect([canReadTask(who, t), canWorkOnTask(who, t), canReviewTask(who, t), canCancelTask(who, t)]).toEqual([read, work, review, cancel]);
  });
});
