import { TASK_ROW_ALIASES, TASK_ROW_SELECT, toTaskRow, toTaskRowFromValues } from './task-rows.js';

describe('task rows read as arrays', () => {
  it('lists the aliases in the order of the select list', () => {
    expect([...TASK_ROW_SELECT.matchAll(/AS "(\w+)"/g)].map((m) => m[1])).toEqual(TASK_ROW_ALIASES);
  });

  it('gives the same task row as the named row, for SQLite and PostgreSQL values', () => {
    const sqlite: Record<string, unknown> = {
      id: 7,
      orgId: 1,
      planId: 2,
      itemId: 3,
      periodKey: '2024-07',
      label: '7月',
      startDay: '2024-07-01',
      dueDay: '2024-07-31',
      windowStart: 1_719_763_200_000,
      dueAt: 1_722_441_599_999,
      status: 'open',
      ownerId: 11,
      unitId: null,
      escalationLevel: 1,
      submittedAt: null,
      doneAt: 1_722_000_000_000,
      onTime: 1,
      returnCount: 2,
      originalDueAt: null,
      allowPartial: 0,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_001,
      nextNotifyAt: 1_722_400_000_000,
      graceUntilDay: null,
      title: '走基层',
      planTitle: '2024年工作计划',
      ownerName: '张三',
      unitName: null,
    };
    // PostgreSQL's driver: bigint as text, booleans as booleans.
    const postgres: Record<string, unknown> = {
      ...sqlite,
      id: '7',
      windowStart: '1719763200000',
      dueAt: '1722441599999',
      onTime: true,
      allowPartial: false,
      unitId: '5',
      nextNotifyAt: '1722400000000',
    };
    for (const row of [sqlite, postgres]) {
      const fromValues = toTaskRowFromValues(TASK_ROW_ALIASES.map((a) => row[a]));
      expect(fromValues).toEqual(toTaskRow(row));
      expect(JSON.stringify(fromValues)).toBe(JSON.stringify(toTaskRow(row)));
    }
  });
});
