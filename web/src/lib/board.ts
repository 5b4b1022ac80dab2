// The board's cells: unit × month × light counts. The API may aggregate in the database
// (GET /api/board); otherwise the page aggregates the visible task list with this function.
export type Light = 'red' | 'yellow' | 'green';
export interface BoardCell {
  unitId: number | null;
  month: number;
  red: number;
  yellow: number;
  green: number;
}
export interface BoardTask {
  unitId: number | null;
  dueDay: string;
  light: Light;
  status: string;
}

export function aggregateBoard(tasks: BoardTask[], year: number): BoardCell[] {
  const cells = new Map<string, BoardCell>();
  const prefix = String(year);
  for (const t of tasks) {
    if (t.status === 'cancelled' || !t.dueDay.startsWith(prefix)) continue;
    const month = Number(t.dueDay.slice(5, 7));
    const key = `${t.unitId ?? 0}|${month}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { unitId: t.unitId, month, red: 0, yellow: 0, green: 0 }));
    c[t.light]++;
  }
  return [...cells.values()];
}

/** Cells by "unitId|month" for the grid. */
export function cellIndex(cells: BoardCell[]): Map<string, BoardCell> {
  return new Map(cells.map((c) => [`${c.unitId ?? 0}|${c.month}`, c]));
}
