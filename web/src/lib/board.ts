// The board's answer (GET /api/board) as the server defines it (types only: erased from the bundle).
import type { Board, BoardCell } from '../../../src/tasks/board-shape';
export type { Board, BoardCell };
export type Light = 'red' | 'yellow' | 'green';

/** Cells by "unitId|month number" (unit 0 = none) for the grid's lookups. */
export function cellIndex(cells: BoardCell[]): Map<string, BoardCell> {
  return new Map(cells.map((c) => [`${c.unitId ?? 0}|${Number(c.month.slice(5, 7))}`, c]));
}
