import type { PlannedTask } from '../schedule/index.js';
import { planTaskChanges, type ExistingTask } from './replan.js';

const planned = (key: string, due: string, label = key): PlannedTask => ({
  periodKey: key,
  label,
  start: `${due.slice(0, 8)}01`,
  dueDay: due,
  due: new Date(`${due}T15:59:59.999Z`),
});
const existing = (id: number, key: string, due: string, status: ExistingTask['status'] = 'open'): ExistingTask => ({
  id,
  periodKey: key,
  status,
  label: key,
  startDay: `${due.slice(0, 8)}01`,
  dueDay: due,
  dueAt: new Date(`${due}T15:59:59.999Z`),
});
const NOW = new Date('2024-06-15T00:00:00Z');

describe('planTaskChanges', () => {
  it('creates every occurrence on first activation', () => {
    const c = planTaskChanges([], [planned('2024-M01', '2024-01-31'), planned('2024-M02', '2024-02-29')], NOW);
    expect(c.create.map((p) => p.periodKey)).toEqual(['2024-M01', '2024-M02']);
    expect(c.update).toEqual([]);
    expect(c.cancel).toEqual([]);
  });

  it('changes nothing when activated again with the same schedule', () => {
    const p = [planned('2024-M07', '2024-07-31')];
    const c = planTaskChanges([existing(1, '2024-M07', '2024-07-31')], p, NOW);
    expect(c).toEqual({ create: [], update: [], cancel: [] });
  });

  it('moves an open future task whose dates changed', () => {
    const c = planTaskChanges([existing(1, '2024', '2024-10-31')], [planned('2024', '2024-11-30')], NOW);
    expect(c.update).toEqual([{ id: 1, planned: planned('2024', '2024-11-30') }]);
  });

  it('keeps past tasks and finished ones, cancels open future ones no longer planned', () => {
    const tasks = [
      existing(1, '2024-M05', '2024-05-31'),
      existing(2, '2024-M07', '2024-07-31', 'done'),
      existing(3, '2024-M08', '2024-08-31'),
      existing(4, '2024-M09', '2024-09-30', 'submitted'),
    ];
    const c = planTaskChanges(tasks, [planned('2024-Q3', '2024-09-30')], NOW);
    expect(c.cancel.map((t) => t.id)).toEqual([3]);
    expect(c.create.map((p) => p.periodKey)).toEqual(['2024-Q3']);
  });

  it('does not move a task that is past due even if unfinished', () => {
    const c = planTaskChanges([existing(1, '2024', '2024-05-31')], [planned('2024', '2024-12-31')], NOW);
    expect(c.update).toEqual([]);
  });
});
