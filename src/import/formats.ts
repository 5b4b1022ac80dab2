/**
 * Plan files as uploaded: plain text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030), Word
 * (.docx) and a ledger spreadsheet (.xlsx, 台账). The kind is read from the bytes, not trusted
 * from the file name; the name only helps to word an error.
 */
import type ExcelJS from 'exceljs';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import type { EvidenceSuggestion } from './classify.js';
import { ImportError } from './errors.js';

/**
 * exceljs and mammoth are loaded on first use: importing exceljs alone costs ~0.8 s and ~27 MB at start,
 * paid by every API, worker and CLI process though only an .xlsx or .docx import needs them.
 */
const loadExcelJs = async () => (await import('exceljs')).default;
const loadMammoth = async () => (await import('mammoth')).default;

export { ImportError, type ImportErrorCode } from './errors.js';

/** One row of a ledger: one plan item. */
export interface LedgerItem {
  /** 序号 as written ("1", "2.3"). */
  code: string | null;
  title: string;
  section: string[];
  /** The time as written ("3—4月份", "每季度一次"); the ledger stores the phrase, not the parse. */
  timeText: string | null;
  schedule: Schedule | null;
  unit: string | null;
  owner: string | null;
  coUnits: string[];
  evidence: EvidenceSuggestion[];
}

export interface LedgerRow extends LedgerItem {
  /** 1-based sheet row. */
  row: number;
  /** The time cell could not be read (its text is kept in timeText). */
  scheduleIssue: string | null;
}

export interface PlanFile {
  kind: 'text' | 'docx' | 'xlsx';
  text?: string;
  rows?: LedgerRow[];
  /** xlsx: the title above the header row, when there is one. */
  title?: string | null;
  /** xlsx: the year named above the header ("年度：2024", "2024年…台账"). */
  year?: number | null;
  /** text: how it was decoded. */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

export interface ReadOptions {
  /** Largest file accepted, in bytes (default 20 MB). */
  maxBytes?: number;
  /** Largest total a .docx/.xlsx may unpack to (default 200 MB, at least 10 × maxBytes). */
  maxUnpackedBytes?: number;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

export async function readPlanFile(buffer: Buffer | Uint8Array, filename: string, options: ReadOptions = {}): Promise<PlanFile> {
  const bytes = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (bytes.length === 0) throw new ImportError('EMPTY', `文件“${filename}”是空的`);
  if (bytes.length > maxBytes)
    throw new ImportError('TOO_LARGE', `文件“${filename}”有 ${formatSize(bytes.length)}，超过上限 ${formatSize(maxBytes)}`, {
      size: bytes.length,
      maxBytes,
    });

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const entries = zipEntries(bytes);
    const names = entries?.map((e) => e.name) ?? null;
    // a small file that unpacks to gigabytes (a zip bomb) is refused before anything unpacks it
    const unpacked = entries?.reduce((a, e) => a + e.size, 0) ?? 0;
    const maxUnpacked = options.maxUnpackedBytes ?? Math.max(DEFAULT_MAX_UNPACKED_BYTES, 10 * maxBytes);
    if (unpacked > maxUnpacked)
      throw new ImportError('TOO_LARGE', `“${filename}”解压后有 ${formatSize(unpacked)}，超过上限 ${formatSize(maxUnpacked)}`, {
        unpackedSize: unpacked,
        maxUnpackedBytes: maxUnpacked,
      });
    if (names?.includes('word/document.xml')) return { kind: 'docx', text: await readDocx(bytes, filename) };
    if (names?.includes('xl/workbook.xml')) return { kind: 'xlsx', ...(await readLedgerXlsx(bytes, filename)) };
    if (ext === 'xlsx' || ext === 'xlsm') throw new ImportError('MALFORMED_XLSX', `“${filename}”不是有效的 Excel（.xlsx）文件，可能已损坏`);
    if (ext === 'docx' || !names) throw new ImportError('MALFORMED_DOCX', `“${filename}”不是有效的 Word（.docx）文件，可能已损坏`);
    throw new ImportError('UNSUPPORTED_FORMAT', `“${filename}”是压缩包，不是 Word 或 Excel 文件`);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw new ImportError('LEGACY_OFFICE', `“${filename}”是旧版 Office 格式（.doc/.xls），请另存为 .docx 或 .xlsx 后再导入`);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new ImportError('UNSUPPORTED_FORMAT', `“${filename}”是 PDF，请导入 Word、Excel 或文本文件`);
  if (ext === 'docx') throw new ImportError('MALFORMED_DOCX', `“${filename}”不是有效的 Word（.docx）文件`);
  if (ext === 'xlsx') throw new ImportError('MALFORMED_XLSX', `“${filename}”不是有效的 Excel（.xlsx）文件`);

  const decoded = decodeText(bytes, filename);
  if (decoded.text.trim().length === 0) throw new ImportError('EMPTY', `文件“${filename}”没有文字内容`);
  return { kind: 'text', text: decoded.text, encoding: decoded.encoding };
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function startsWith(b: Buffer, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}

// ---------------------------------------------------------------------------------------------
// Text

/** Decodes text: BOMs first, then strict UTF-8, then GB18030; anything with control bytes is binary. */
export function decodeText(bytes: Buffer, filename = '文件'): { text: string; encoding: NonNullable<PlanFile['encoding']> } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: utf8(bytes.subarray(3), filename), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (looksBinary(bytes)) throw new ImportError('BINARY', `“${filename}”不是文本文件，也不是 Word 或 Excel 文件`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
    } catch {
      throw new ImportError('ENCODING', `“${filename}”的文字编码无法识别，请另存为 UTF-8 编码的文本`);
    }
  }
}

function utf8(bytes: Buffer, filename: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('ENCODING', `“${filename}”标为 UTF-8 编码，但其中有无效字节`);
  }
}

/** NUL bytes, or more than 1% control bytes other than tab, newline, carriage return, form feed. */
function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > n / 100;
}

// ---------------------------------------------------------------------------------------------
// Zip directory (to tell docx from xlsx without unpacking)

/** File names in a zip's central directory; null when the directory cannot be read. */
export function zipEntryNames(b: Buffer): string[] | null {
  return zipEntries(b)?.map((e) => e.name) ?? null;
}

/** Names and uncompressed sizes from a zip's central directory; null when it cannot be read. */
export function zipEntries(b: Buffer): Array<{ name: string; size: number }> | null {
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const entries: Array<{ name: string; size: number }> = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
    const size = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen > b.length) return null;
    entries.push({ name: b.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// docx

async function readDocx(bytes: Buffer, filename: string): Promise<string> {
  let text: string;
  try {
    text = docxHtmlToText((await (await loadMammoth()).convertToHtml({ buffer: bytes })).value);
  } catch (e) {
    throw new ImportError('MALFORMED_DOCX', `无法读取 Word 文件“${filename}”：文件已损坏或不是 .docx 格式`, { cause: String(e) });
  }
  if (text.trim().length === 0) throw new ImportError('EMPTY', `Word 文件“${filename}”没有文字内容`);
  return text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * The text of mammoth's HTML: one line per paragraph, and one line per table row with its cells
 * separated by tabs (a cell's paragraphs joined by a blank), so the extractor reads a Word table
 * as the text table it is (extract.ts, tables). Row-spanning cells are empty in the rows below.
 */
export function docxHtmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  /** Open tables: the row being read and its cells. */
  const tables: Array<{ cells: string[]; cell: string | null }> = [];
  const TAG = /<(\/?)([a-z0-9]+)[^>]*?(\/?)>|([^<]+)/gi;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (m[4] !== undefined) {
      const t = decodeEntities(m[4]).replace(/[\r\n\t]+/g, ' ');
      const table = tables[tables.length - 1];
      if (table && table.cell !== null) table.cell += t;
      else line += t;
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const table = tables[tables.length - 1];
    if (tag === 'table') {
      if (!closing) {
        if (line.trim()) lines.push(line);
        line = '';
        tables.push({ cells: [], cell: null });
      } else {
        const done = tables.pop();
        const outer = tables[tables.length - 1];
        // a table inside a cell is read into that cell
        if (outer && outer.cell !== null && done) outer.cell += ` ${done.cells.join(' ')}`;
      }
    } else if (table && tag === 'tr') {
      if (closing) {
        const row = table.cells.map((c) => c.replace(/\s+/g, ' ').trim());
        if (tables.length === 1 && row.some((c) => c)) lines.push(row.join('\t'));
        table.cells = [];
      } else table.cells = [];
    } else if (table && (tag === 'td' || tag === 'th')) {
      if (closing) {
        table.cells.push(table.cell ?? '');
        table.cell = null;
      } else table.cell = '';
    } else if (table && table.cell !== null && (tag === 'p' || tag === 'br' || tag === 'li')) {
      if (table.cell.trim()) table.cell += ' ';
    } else if (!table && (tag === 'p' || tag === 'li' || tag === 'br' || /^h[1-6]$/.test(tag))) {
      if (closing || tag === 'br' || m[3] === '/') {
        if (line.trim()) lines.push(line);
        line = '';
      }
    }
  }
  if (line.trim()) lines.push(line);
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// xlsx ledger

type Column = 'code' | 'section' | 'title' | 'time' | 'unit' | 'owner' | 'coUnits' | 'evidence';

/** Header names by column, most specific first. Matching ignores spaces and bracketed notes. */
const HEADER_NAMES: Array<[Column, string[]]> = [
  ['coUnits', ['配合单位', '协办单位', '配合部门', '协助单位', '参与单位', '协同单位']],
  ['unit', ['责任单位', '牵头单位', '责任部门', '牵头部门', '主责单位', '承办单位', '责任科室']],
  ['owner', ['责任人', '负责人', '责任领导', '具体责任人', '联系人', '经办人']],
  ['time', ['时间节点', '完成时限', '完成时间', '时限要求', '时间安排', '完成期限', '进度安排', '时间要求', '时限', '时间']],
  ['evidence', ['佐证材料', '佐证资料', '佐证', '佐证要求', '台账资料', '完成标志', '佐证材料要求']],
  ['title', ['工作任务', '工作内容', '重点任务', '主要任务', '任务内容', '具体任务', '工作事项', '计划事项', '工作要点', '任务', '事项', '内容']],
  ['section', ['所属部分', '工作类别', '类别', '板块', '工作板块', '分类', '项目类别', '所属类别', '章节', '工作领域']],
  ['code', ['序号', '编号', '序']],
];

export const LEDGER_HEADERS: Record<Column, string> = {
  code: '序号',
  section: '所属部分',
  title: '工作任务',
  time: '时间节点',
  unit: '责任单位',
  owner: '责任人',
  coUnits: '配合单位',
  evidence: '佐证材料',
};

const COLUMN_ORDER: Column[] = ['code', 'section', 'title', 'time', 'unit', 'owner', 'coUnits', 'evidence'];
const WIDTHS: Record<Column, number> = { code: 7, section: 26, title: 52, time: 18, unit: 18, owner: 10, coUnits: 20, evidence: 30 };

function normHeader(s: string): string {
  return s
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[:：*＊]/g, '');
}

function headerColumn(cell: string): Column | null {
  const h = normHeader(cell);
  if (!h || h.length > 12) return null;
  for (const [col, names] of HEADER_NAMES) if (names.includes(h)) return col;
  for (const [col, names] of HEADER_NAMES) if (names.some((n) => n.length >= 2 && h.includes(n) && h.length <= n.length + 4)) return col;
  return null;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    // a date cell: write it the way plans write dates, which the schedule parser reads
    return `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日`;
  }
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String((v as { text: unknown }).text).trim();
    if ('error' in v) return '';
  }
  return String(v).trim();
}

async function readLedgerXlsx(bytes: Buffer, filename: string): Promise<Pick<PlanFile, 'rows' | 'title' | 'year'>> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportError('MALFORMED_XLSX', `无法读取 Excel 文件“${filename}”：文件已损坏或不是 .xlsx 格式`, { cause: String(e) });
  }
  const sheets = wb.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  for (const ws of sheets) {
    const found = findHeader(ws);
    if (found) return readRows(ws, found.row, found.columns);
  }
  throw new ImportError('NO_HEADER', `“${filename}”前 20 行中找不到表头：需要“工作任务”（或“工作内容”“任务”）一列，以及“时间节点”“责任单位”等列中的至少一列`);
}

function findHeader(ws: ExcelJS.Worksheet): { row: number; columns: Map<Column, number> } | null {
  const last = Math.min(ws.rowCount, 20);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const columns = new Map<Column, number>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const c = headerColumn(cellText(cell.value));
      if (c && !columns.has(c)) columns.set(c, col);
    });
    if (columns.has('title') && (columns.has('time') || columns.has('unit') || columns.has('owner') || columns.has('evidence'))) return { row: r, columns };
  }
  return null;
}

function readRows(ws: ExcelJS.Worksheet, headerRow: number, columns: Map<Column, number>): Pick<PlanFile, 'rows' | 'title' | 'year'> {
  let title: string | null = null;
  let year: number | null = null;
  for (let r = 1; r < headerRow; r++) {
    const texts: string[] = [];
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      const t = cellText(cell.value);
      if (t && !texts.includes(t)) texts.push(t);
    });
    for (const t of texts) {
      const y = /年度[:：\s]*((?:19|20)\d{2})|((?:19|20)\d{2})\s*年/.exec(t);
      if (y && year === null) year = Number(y[1] ?? y[2]);
      if (!title && !/^年度[:：]/.test(t) && t.length <= 80) title = t;
    }
  }

  const rows: LedgerRow[] = [];
  let section: string[] = [];
  const get = (row: ExcelJS.Row, c: Column): string => {
    const col = columns.get(c);
    return col ? cellText(row.getCell(col).value) : '';
  };
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = COLUMN_ORDER.map((c) => get(row, c));
    if (values.every((v) => v === '')) continue;
    const itemTitle = get(row, 'title');
    const sectionCell = get(row, 'section');
    const filled = values.filter((v) => v !== '');
    // A row with one filled cell and no task columns is a section heading ("一、组织建设").
    if (!columns.has('section') && filled.length === 1 && !get(row, 'time') && !get(row, 'unit')) {
      const heading = filled[0].replace(/^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])\s*/, '');
      section = [heading];
      continue;
    }
    if (!itemTitle) continue;
    const timeText = get(row, 'time') || null;
    let schedule: Schedule | null = null;
    let scheduleIssue: string | null = null;
    if (timeText) {
      const parsed = parseSchedule(timeText);
      if (parsed.ok) schedule = parsed.schedule;
      else scheduleIssue = parsed.reason;
    }
    rows.push({
      row: r,
      code: get(row, 'code') || null,
      title: itemTitle,
      section: sectionCell ? splitSection(sectionCell) : columns.has('section') ? [] : section,
      timeText,
      schedule,
      scheduleIssue,
      unit: get(row, 'unit') || null,
      owner: get(row, 'owner') || null,
      coUnits: splitList(get(row, 'coUnits')),
      evidence: parseEvidence(get(row, 'evidence')),
    });
  }
  return { rows, title, year };
}

const SECTION_SEP = ' > ';

function splitSection(s: string): string[] {
  return s
    .split(/\s*[>＞]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function splitList(s: string): string[] {
  return s
    .split(/[、,，;；\n/]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** "会议记录、签到表、照片×3" ↔ [{kind, min}]. */
export function parseEvidence(s: string): EvidenceSuggestion[] {
  return splitList(s).map((part) => {
    const m = /^(.+?)\s*(?:[×xX*＊]\s*(\d+)|(\d+)\s*(?:份|张|次|个|篇|件))$/.exec(part);
    return m ? { kind: m[1].trim(), min: Number(m[2] ?? m[3]) } : { kind: part, min: 1 };
  });
}

export function formatEvidence(evidence: EvidenceSuggestion[]): string {
  return evidence.map((e) => (e.min > 1 ? `${e.kind}×${e.min}` : e.kind)).join('、');
}

/**
 * Writes a ledger in the layout readPlanFile reads back: title row, year row, then a frozen,
 * filtered header row and one row per item. The time is written as its phrase, not as dates.
 */
export async function writeLedgerXlsx(plan: { title: string; year: number | null; items: LedgerItem[] }): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'ducha';
  const ws = wb.addWorksheet('工作台账', { views: [{ state: 'frozen', ySplit: 3, xSplit: 0 }] });
  ws.columns = COLUMN_ORDER.map((c) => ({ key: c, width: WIDTHS[c] }));
  const n = COLUMN_ORDER.length;
  const lastCol = String.fromCharCode(64 + n);

  ws.getCell('A1').value = plan.title;
  ws.mergeCells(`A1:${lastCol}1`);
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.getCell('A2').value = plan.year !== null ? `年度：${plan.year}` : '年度：';
  ws.mergeCells(`A2:${lastCol}2`);

  const header = ws.getRow(3);
  COLUMN_ORDER.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = LEDGER_HEADERS[c];
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: n } };

  plan.items.forEach((it, i) => {
    const row = ws.getRow(4 + i);
    const values: Record<Column, string> = {
      code: it.code ?? '',
      section: it.section.join(SECTION_SEP),
      title: it.title,
      time: it.timeText ?? '',
      unit: it.unit ?? '',
      owner: it.owner ?? '',
      coUnits: it.coUnits.join('、'),
      evidence: formatEvidence(it.evidence),
    };
    COLUMN_ORDER.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      cell.value = values[c];
      cell.alignment = { vertical: 'top', wrapText: c === 'title' || c === 'section' || c === 'evidence' };
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
