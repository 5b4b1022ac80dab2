// The board's shape (GET /api/board): unit × month of the due day × light, counted in the database.
export type Light = 'red' | 'yellow' | 'green';
export interface BoardCell {
  unitId: number | null;
  unitName: string | null;
  /** "YYYY-MM" */
  month: string;
  red: number;
  yellow: number;
  green: number;
  total: number;
}
export interface Board {
  year: number;
  today: string;
  units: Array<{ unitId: number | null; unitName: string | null }>;
  cells: BoardCell[];
}

/** Cells by "unitId|month number" (unit 0 = none) for the grid's lookups. */
export function cellIndex(cells: BoardCell[]): Map<string, BoardCell> {
  return new Map(cells.map((c) => [`${c.unitId ?? 0}|${Number(c.month.slice(5, 7))}`, c]));
}
