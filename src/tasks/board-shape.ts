/**
 * The board's answer (GET /api/board): unit × month of the due day × light, counted in the database.
 * Types only and free of imports, so the web app (web/src/lib/board.ts) reads the same definition.
 */
export interface BoardCell {
  unitId: number | null;
  unitName: string | null;
  /** "YYYY-MM" of the due day. */
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
