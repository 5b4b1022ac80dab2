/**
 * Public API of the reports module: the quarterly 督查通报, pure (no Nest, no clock, no database).
 * A report job or CLI loads one org's rows, calls compileQuarterlyReport with an explicit `now`,
 * then renders whichever formats it needs.
 */
export type * from './types.js';
export { CATEGORIES } from './types.js';
export { compileQuarterlyReport, categorize, statusName, inReportScope, doneOnTime, ratesOf, rate, NO_UNIT, NO_OWNER } from './compile.js';
export { quarterBounds, nextQuarterOf, QUARTER_NAMES, chineseDate, percent } from './quarter.js';
export { renderHtml, escapeHtml } from './render-html.js';
export { renderDocx, DOCX_FONTS, DOCX_PAGE } from './render-docx.js';
export { renderXlsx, LEDGER_COLUMNS } from './render-xlsx.js';
export { renderJson } from './render-json.js';
export { ATTACHMENT_LIMIT, attachmentRows } from './tables.js';
