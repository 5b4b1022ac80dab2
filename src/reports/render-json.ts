import type { QuarterlyReport } from './types.js';

/** The report object as JSON; instants are already ISO strings and days YYYY-MM-DD. */
export function renderJson(r: QuarterlyReport, pretty = false): string {
  return JSON.stringify(r, null, pretty ? 2 : undefined);
}
