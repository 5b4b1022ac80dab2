/**
 * Tables in plan text: tab-separated rows (what a Word table becomes, see formats.ts) and
 * `|`-separated rows (tables pasted from web pages or typed). The columns are recognised by their
 * headers — 任务/工作内容 → the title, 时间/完成时限 → the schedule, 责任单位/牵头单位 → the unit,
 * 责任人 → the owner — or, without a header, by what the cells hold. Pure text work; the time cells
 * are read by the extractor.
 */
import type { Para, Span } from './structure.js';

export type ColumnRole = 'code' | 'title' | 'time' | 'unit' | 'owner' | 'coUnits' | 'other';

export interface TableCell extends Span {
  text: string;
}

export interface TableRow {
  para: Para;
  cells: TableCell[];
  /** The row's text when its cells stand on lines of their own (a flattened table): the cells joined by " | ". */
  quote?: string;
}

export interface TextTable {
  /** The header row, when the first row names the columns. */
  header: TableRow | null;
  rows: TableRow[];
  /** Every paragraph of the table (header, separator and data rows). */
  paras: Para[];
  /** Columns by role, best first (a table may have several time columns: 月份, 起止日期). */
  columns: Record<Exclude<ColumnRole, 'other'>, number[]>;
}

/** A weekday column of a school calendar: "周一", "星期日", "週六". */
const WEEKDAY_HEADER = /^(?:周|星期|週|禮拜|礼拜)[一二三四五六日天]$/;

/** Header words by role, the more specific first; a column takes the first role whose words it has. */
const HEADER_WORDS: Array<[Exclude<ColumnRole, 'other'>, RegExp[]]> = [
  ['code', [/^(序号|编号|序)$/]],
  ['coUnits', [/配合单位|协办单位|参与单位|协同单位|配合部门/]],
  ['owner', [/责任人|负责人|联系人|分管领导|牵头领导|责任领导|包保领导/]],
  ['unit', [/责任单位|牵头单位|责任部门|牵头部门|承办单位|负责单位|主责单位|实施单位|责任科室|责任班级|责任主体|单位|部门/]],
  ['time', [/完成时限|时限|起止(时间|日期)?|时间(节点|安排|进度)?|日期|完成时间|进度安排|时间要求/, /月份|月度|季度|阶段/, /周次|周别|节点|周期/]],
  ['title', [/任务|工作内容|主要内容|具体内容|内容|事项|措施|目标/, /重点工作|工作重点|工作安排|工作|活动|项目/, /主题|名称|行事纪要|纪要/]],
];

/** Cells of a line, with offsets; null when the line is not a table row. */
export function rowCells(text: string, para: Para, inBarTable = false): TableCell[] | null {
  const line = text.slice(para.start, para.end);
  let sep: RegExp;
  if (line.includes('\t')) sep = /\t/g;
  // inside a bar table, a row under merged cells may keep a single bar ("新学期备课组长会议 | 教务处")
  else if ((line.match(/[|｜]/g) ?? []).length >= (inBarTable ? 1 : 2)) sep = /[|｜]/g;
  else return null;
  const cells: TableCell[] = [];
  let from = 0;
  const push = (a: number, b: number) => {
    let s = a;
    let e = b;
    while (s < e && /[\s\u3000]/.test(line[s])) s++;
    while (e > s && /[\s\u3000]/.test(line[e - 1])) e--;
    cells.push({ start: para.start + s, end: para.start + e, text: line.slice(s, e) });
  };
  for (let m = sep.exec(line); m; m = sep.exec(line)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, line.length);
  // "| a | b |": the bars at both ends make no cells
  if (sep.source !== '\\t') {
    if (cells.length && cells[0].text === '' && /^\s*[|｜]/.test(line)) cells.shift();
    if (cells.length && cells[cells.length - 1].text === '' && /[|｜]\s*$/.test(line)) cells.pop();
  }
  return cells.length >= 2 ? cells : null;
}

function isSeparator(cells: TableCell[]): boolean {
  return cells.every((c) => /^[\s:：\-—–=+]*$/.test(c.text));
}

/** Traditional forms of the characters column names are written with (時間, 內容, 責任單位, 備註…). */
const TRADITIONAL_HEADER: Record<string, string> = {
  時: '时',
  間: '间',
  內: '内',
  項: '项',
  責: '责',
  單: '单',
  負: '负',
  計: '计',
  劃: '划',
  紀: '纪',
  備: '备',
  註: '注',
  週: '周',
  節: '节',
  點: '点',
  務: '务',
  動: '动',
  題: '题',
  稱: '称',
  階: '阶',
  標: '标',
  聯: '联',
  繫: '系',
  學: '学',
  導: '导',
  辦: '办',
  參: '参',
  與: '与',
  實: '实',
  進: '进',
  號: '号',
  門: '门',
  協: '协',
  體: '体',
};
const TRADITIONAL_HEADER_RE = new RegExp(`[${Object.keys(TRADITIONAL_HEADER).join('')}]`, 'g');

/** A header cell's name: without notes in brackets, blanks ("日 期" in PDF text) and traditional forms. */
function headerName(cell: string): string {
  return cell.replace(/[\s（(][^）)]*[）)]|[\s：:]/g, '').replace(TRADITIONAL_HEADER_RE, (c) => TRADITIONAL_HEADER[c]);
}

/** Column names that carry no role but stand in header rows (星期, 备注, 地点). */
const OTHER_HEADER =
  /^(星期|备注|备考|说明|說明|地点|地點|场地|場地|对象|對象|参加人员|參加人員|参加范围|參加範圍|参加对象|參加對象|参与人员|參與人員|周次|序)$/;

/**
 * A cell that can only be a column name, as the header of a flattened table needs (its cells stand
 * one per line, like the data after them): a most specific name, or a general one with nothing
 * before it but a common qualifier ("计划周期", "学校行事纪要"; not "准备工作"), or 星期/备注.
 */
function isColumnName(cell: string): boolean {
  const name = headerName(cell);
  if (OTHER_HEADER.test(name)) return true;
  if (!name || name.length > 12) return false;
  for (const [, words] of HEADER_WORDS)
    for (let rank = 0; rank < words.length; rank++) {
      const m = words[rank].exec(name);
      if (!m) continue;
      if (rank === 0 && name.length <= 6) return true;
      if (name.replace(/^(学校|计划|主要|具体|重点|完成|工作)/, '') === m[0] || name === m[0]) return true;
    }
  return false;
}

/** The role of a header cell, and how specific the match was (0 = most). */
function headerRole(cell: string): { role: Exclude<ColumnRole, 'other'>; rank: number } | null {
  const name = headerName(cell);
  if (!name || name.length > 12) return null;
  for (const [role, words] of HEADER_WORDS) {
    const rank = words.findIndex((w) => w.test(name));
    if (rank >= 0) return { role, rank };
  }
  return null;
}

const TIME_LIKE = /\d{1,2}\s*[月.．/]|[一二三四五六七八九十]{1,2}月|季度|半年|年[底内初]|每[周月季年]|旬|第[一二三四五六七八九十\d]+周/;

/** A cell that opens on its time: "九月 安全工作检查月", "3月 读书月", "第一季度：…". */
const STARTS_WITH_TIME =
  /^\s*(?:(?:\d{2,4}|[一二〇○零][一二三四五六七八九〇○零]{1,3})年)?(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|第[一二三四]季度|[上下]半年)/;

/** The tables among the paragraphs (two rows or more), in order. */
export function findTables(text: string, paras: Para[]): TextTable[] {
  const tables: TextTable[] = [];
  let i = 0;
  while (i < paras.length) {
    const block: Array<{ para: Para; cells: TableCell[] }> = [];
    let j = i;
    const tabbed = (p: Para) => text.slice(p.start, p.end).includes('\t');
    for (; j < paras.length; j++) {
      const cells = rowCells(text, paras[j], block.length >= 2 && !tabbed(block[0].para));
      // a tab table followed by a bar table is two tables
      if (!cells || (block.length && tabbed(paras[j]) !== tabbed(block[0].para))) break;
      block.push({ para: paras[j], cells });
    }
    if (block.length >= 2) tables.push(toTable(block));
    i = block.length >= 2 ? j : i + 1;
  }
  return tables;
}

function toTable(block: TableRow[], allParas?: Para[]): TextTable {
  const paras = allParas ?? block.map((b) => b.para);
  const rows = block.filter((b) => !isSeparator(b.cells));
  const first = rows[0];
  const roles = first.cells.map((c) => headerRole(c.text));
  const named = roles.filter((r) => r !== null).length;
  const isHeader =
    named >= 2 ||
    (named >= 1 && first.cells.length <= 2 && !TIME_LIKE.test(first.cells.map((c) => c.text).join(''))) ||
    first.cells.filter((c) => WEEKDAY_HEADER.test(headerName(c.text))).length >= 5;
  const columns: TextTable['columns'] = { code: [], title: [], time: [], unit: [], owner: [], coUnits: [] };
  const data = isHeader ? rows.slice(1) : rows;
  if (isHeader) {
    const ranked = roles.map((r, k) => ({ r, k })).filter((x): x is { r: NonNullable<typeof x.r>; k: number } => x.r !== null);
    ranked.sort((a, b) => a.r.rank - b.r.rank || a.k - b.k);
    for (const { r, k } of ranked) columns[r.role].push(k);
  }
  // Without a header (or a header that names no time or task): the column whose cells read as
  // times is the time; the longest of the others is the task.
  const width = Math.max(...data.map((r) => r.cells.length));
  const share = (k: number, test: (s: string) => boolean) => {
    const filled = data.filter((r) => r.cells[k]?.text);
    return filled.length ? filled.filter((r) => test(r.cells[k].text)).length / filled.length : 0;
  };
  const taken = new Set(Object.values(columns).flat());
  if (columns.time.length === 0) {
    const timeLike = (k: number) => share(k, (s) => TIME_LIKE.test(s) && s.length <= 30) >= 0.6;
    for (let k = 0; k < width; k++) if (!taken.has(k) && timeLike(k)) columns.time.push(k);
    // "工作主题 | 工作重点 | 具体措施" over "九月 安全工作检查月 | …": a task column named by the header
    // whose cells all open on a month is the time column, when another column holds the tasks
    if (columns.time.length === 0 && columns.title.length >= 2) {
      const k = columns.title.find((c) => timeLike(c) && data.every((r) => !r.cells[c]?.text || STARTS_WITH_TIME.test(r.cells[c].text)));
      if (k !== undefined) {
        columns.time.push(k);
        columns.title = columns.title.filter((c) => c !== k);
      }
    }
    columns.time.forEach((k) => taken.add(k));
  }
  if (columns.title.length === 0) {
    const mean = (k: number) => data.reduce((a, r) => a + (r.cells[k]?.text.length ?? 0), 0) / Math.max(1, data.length);
    const rest = [...Array(width).keys()].filter((k) => !taken.has(k) && share(k, (s) => /^\d{1,3}[.、]?$/.test(s)) < 0.6);
    rest.sort((a, b) => mean(b) - mean(a));
    if (rest.length) columns.title.push(rest[0]);
  }
  return { header: isHeader ? first : null, rows: data, paras, columns };
}

/**
 * The cell a line holds when a table was flattened one cell per line (PDF or web text): "6月中旬~6月底 |",
 * "| 星期一", a bare "|" for an empty cell. Null when the line is not such a cell (no bar at either end,
 * or bars inside it: a row of its own).
 */
export function flatCell(line: string): string | null {
  const m = /^[\s\u3000]*([|｜])?(.*?)([|｜])?[\s\u3000]*$/.exec(line);
  if (!m || (!m[1] && !m[3])) return null;
  const inner = m[2];
  if (/[|｜]/.test(inner)) return null;
  return inner.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/**
 * Tables flattened to one cell per line, rebuilt into rows: a run of three or more cell lines that
 * each name a column (序号, 工作内容, 时间, 责任单位…; spaced characters as PDF text writes them,
 * "日 期") is the header, and the cell lines after it (a "---|---" line skipped) are regrouped
 * into rows of the header's width. The table ends at the first line that is not a cell.
 */
export function findFlattenedTables(text: string, paras: Para[]): TextTable[] {
  const tables: TextTable[] = [];
  const cellOf = (p: Para): TableCell | null => {
    const line = text.slice(p.start, p.end);
    const c = flatCell(line);
    if (c === null) return null;
    const at = c ? line.indexOf(c) : line.search(/[|｜]/);
    return { start: p.start + at, end: p.start + at + c.length, text: c };
  };
  let i = 0;
  while (i < paras.length) {
    const header: Array<{ para: Para; cell: TableCell }> = [];
    for (let j = i; j < paras.length; j++) {
      const c = cellOf(paras[j]);
      if (!c || !c.text || !isColumnName(c.text)) break;
      header.push({ para: paras[j], cell: c });
    }
    if (header.length < 3 || header.filter((h) => headerRole(h.cell.text)).length < 2) {
      i += Math.max(1, header.length);
      continue;
    }
    const width = header.length;
    let j = i + width;
    const tableParas = header.map((h) => h.para);
    if (j < paras.length) {
      const sep = rowCells(text, paras[j]);
      if (sep && isSeparator(sep)) tableParas.push(paras[j++]);
    }
    const cells: Array<{ para: Para; cell: TableCell }> = [];
    for (; j < paras.length; j++) {
      const c = cellOf(paras[j]);
      if (!c) break;
      cells.push({ para: paras[j], cell: c });
      tableParas.push(paras[j]);
    }
    const rows: TableRow[] = [];
    for (let k = 0; k < cells.length; k += width) {
      const group = cells.slice(k, k + width);
      if (!group.some((g) => g.cell.text)) continue;
      // a last row cut by the end of the text with no words in it ("2月1日 | 六"): nothing to read
      if (group.length < width && !group.some((g) => /[\u4e00-\u9fff]{2}/.test(g.cell.text))) continue;
      const first = group[0].para;
      const last = group[group.length - 1].para;
      rows.push({
        para: { start: first.start, end: last.end, line: first.line },
        cells: group.map((g) => g.cell),
        quote: group.map((g) => g.cell.text).join(' | '),
      });
    }
    if (rows.length >= 1) {
      const headRow: TableRow = {
        para: { start: header[0].para.start, end: header[width - 1].para.end, line: header[0].para.line },
        cells: header.map((h) => h.cell),
        quote: header.map((h) => h.cell.text).join(' | '),
      };
      tables.push(toTable([headRow, ...rows], tableParas));
    }
    i = j;
  }
  return tables;
}

/** "9.1-9.7", "3.15—4.10", "10.8", "2017.11.3": dotted dates, as tables write them, in words the time parser reads. */
export function spellDottedDates(cell: string): string {
  return cell
    .replace(/(?<![\d.])((?:19|20)\d{2})[.．](\d{1,2})[.．](\d{1,2})(?![\d.])/g, (m, y: string, m1: string, d1: string) =>
      Number(m1) >= 1 && Number(m1) <= 12 && Number(d1) >= 1 && Number(d1) <= 31 ? `${y}年${m1}月${d1}日` : m,
    )
    .replace(
      /(?<![\d.])(\d{1,2})[.．](\d{1,2})\s*[-—–~～至到]+\s*(?:(\d{1,2})[.．])?(\d{1,2})(?![\d.])/g,
      (m, m1: string, d1: string, m2: string | undefined, d2: string) =>
        Number(m1) <= 12 && Number(d1) <= 31 && Number(d2) <= 31 ? `${m1}月${d1}日至${m2 ?? m1}月${d2}日` : m,
    )
    .replace(/(?<![\d.])(\d{1,2})[.．](\d{1,2})(?![\d.])(?!\s*[万亿%％元])/g, (m, m1: string, d1: string) =>
      Number(m1) >= 1 && Number(m1) <= 12 && Number(d1) >= 1 && Number(d1) <= 31 ? `${m1}月${d1}日` : m,
    );
}

/** The columns of the seven weekdays, when the header names at least five of them ("周一 … 周日"). */
export function weekdayColumns(table: TextTable): number[] {
  if (!table.header) return [];
  const ks = table.header.cells.map((c, k) => (WEEKDAY_HEADER.test(headerName(c.text)) ? k : -1)).filter((k) => k >= 0);
  return ks.length >= 5 ? ks : [];
}

export interface WeekSpan {
  first: { month: number; day: number };
  last: { month: number; day: number };
}

/**
 * The days a week row of a school calendar covers ("五 | 28 | 29 | 30 | 10/1 | 2 | 3 | 4"): a "M/D" cell
 * names its month, a plain day number follows the one before it (a smaller one starts the next
 * month). Null for a row before the first month is named, or without days.
 */
export function weekSpans(table: TextTable, days: number[]): Array<WeekSpan | null> {
  let month: number | null = null;
  let previous = 0;
  return table.rows.map((row) => {
    let first: WeekSpan['first'] | null = null;
    let last: WeekSpan['last'] | null = null;
    for (const k of days) {
      const c = (row.cells[k]?.text ?? '').trim();
      const md = /^(\d{1,2})\s*[/／.]\s*(\d{1,2})$/.exec(c);
      const d = /^\d{1,2}$/.test(c) ? Number(c) : null;
      if (md) {
        month = Number(md[1]);
        previous = Number(md[2]);
      } else if (d !== null && month !== null) {
        if (d < previous) month = (month % 12) + 1;
        previous = d;
      } else continue;
      if (month === null) continue;
      const at = { month, day: previous };
      if (!first) first = at;
      last = at;
    }
    return first && last ? { first, last } : null;
  });
}

/** A note of a school calendar flattened one cell per line, with the month and week it stands in. */
export interface GridNote {
  para: Para;
  /** The note's text, without the cell bars. */
  start: number;
  end: number;
  text: string;
  /** The month and year in effect where the note stands (of its week's first day when that is known). */
  month: number | null;
  year: number | null;
  /** The days of the note's week, for a note without a date of its own. */
  week: (WeekSpan & { lastYear: number | null }) | null;
}

export interface CalendarGrid {
  paras: Para[];
  notes: GridNote[];
}

const GRID_NOTE_HEADER = /^(?:备注|備注|备考|備考|说明|說明)$/;
/**
 * A character a weekday or notes header cell cannot do without (周/週, 星期, 礼拜/禮拜, 备/備, 说/說):
 * headerName only drops characters or simplifies them, so a line without one is neither.
 */
const GRID_HEADER_CHAR = /[周週星礼禮备備说說]/;
const WEEK_NUMERAL = /^(?:[一二三四五六七八九十]{1,3}|廿[一二三四五六七八九]?)$/;

/**
 * School calendars flattened one cell per line ("| 星期一" … "| 備 注", then "2013", "9", "| 一",
 * "| 2" … "| 8", "| 3日老生報到…"): after a header naming five weekdays and a notes column, a line
 * without a bar that is a year or a month (1–12) sets it, a week numeral starts a week, a day number
 * in a cell follows the one before (a smaller one starts the next month), and a cell with words is
 * a note of its week. The grid ends at the first line that is none of these.
 */
export function findCalendarGrids(text: string, paras: Para[]): CalendarGrid[] {
  const grids: CalendarGrid[] = [];
  const content = (p: Para) => {
    const line = text.slice(p.start, p.end);
    const bar = /^\s*[|｜]/.test(line);
    const inner = line.replace(/^\s*[|｜]\s*/, '').replace(/\s*[|｜]\s*$/, '');
    return { bar, inner: inner.trim(), offset: p.start + line.indexOf(inner.trim()) };
  };
  // What each line is as a header cell, worked out once: the search for a header below looks at
  // every line again from each of the dozen lines before it.
  const headerCells: Array<'weekday' | 'notes' | null> = [];
  const headerCellAt = (j: number): 'weekday' | 'notes' | null => {
    if (headerCells[j] === undefined) {
      if (!GRID_HEADER_CHAR.test(text.slice(paras[j].start, paras[j].end))) headerCells[j] = null;
      else {
        const name = headerName(content(paras[j]).inner);
        headerCells[j] = WEEKDAY_HEADER.test(name) ? 'weekday' : GRID_NOTE_HEADER.test(name) ? 'notes' : null;
      }
    }
    return headerCells[j];
  };
  let i = 0;
  while (i < paras.length) {
    // a header: five weekday cells and a notes cell within a dozen lines
    let weekdays = 0;
    let notesAt = -1;
    for (let j = i; j < Math.min(paras.length, i + 14); j++) {
      const cell = headerCellAt(j);
      if (cell === 'weekday') weekdays++;
      else if (cell === 'notes' && weekdays >= 5) {
        notesAt = j;
        break;
      }
    }
    if (notesAt < 0) {
      i++;
      continue;
    }
    const grid: CalendarGrid = { paras: paras.slice(i, notesAt + 1), notes: [] };
    let year: number | null = null;
    let month: number | null = null;
    let lastDay = 0;
    let pendingMonth: number | null = null;
    let pendingYear: number | null = null;
    let week: { first: WeekSpan['first'] | null; last: WeekSpan['last'] | null; firstYear: number | null; lastYear: number | null; notes: GridNote[] } | null =
      null;
    const closeWeek = () => {
      if (week?.first && week.last) for (const n of week.notes) n.week = { first: week.first, last: week.last, lastYear: week.lastYear };
    };
    let j = notesAt + 1;
    for (; j < paras.length; j++) {
      const { bar, inner, offset } = content(paras[j]);
      if (!inner) {
        if (bar) {
          grid.paras.push(paras[j]);
          continue;
        }
        break;
      }
      // the year and month column names the month that begins in its row: it applies from that month's 1st
      if (!bar && /^(?:19|20)\d{2}$/.test(inner)) {
        if (year === null) year = Number(inner);
        else pendingYear = Number(inner);
      } else if (!bar && /^\d{1,2}$/.test(inner) && Number(inner) >= 1 && Number(inner) <= 12) {
        if (month === null) {
          month = Number(inner);
          lastDay = 0;
        } else pendingMonth = Number(inner);
      } else if (WEEK_NUMERAL.test(inner)) {
        closeWeek();
        week = { first: null, last: null, firstYear: null, lastYear: null, notes: [] };
      } else if (bar && /^\d{1,2}$/.test(inner)) {
        const d = Number(inner);
        if (month !== null) {
          let cur: number = month;
          if (d < lastDay) {
            const next: number = pendingMonth ?? (cur % 12) + 1;
            if (pendingYear !== null) year = pendingYear;
            else if (next < cur && year !== null) year++;
            cur = next;
            pendingMonth = null;
            pendingYear = null;
          }
          month = cur;
          lastDay = d;
          if (week) {
            if (!week.first) {
              week.first = { month: cur, day: d };
              week.firstYear = year;
            }
            week.last = { month: cur, day: d };
            week.lastYear = year;
          }
        }
      } else if (bar && /[\u4e00-\u9fff]{2}/.test(inner)) {
        const note: GridNote = {
          para: paras[j],
          start: offset,
          end: offset + inner.length,
          text: inner,
          month: week?.first?.month ?? month,
          year: week?.first ? week.firstYear : year,
          week: null,
        };
        grid.notes.push(note);
        week?.notes.push(note);
      } else break;
      grid.paras.push(paras[j]);
    }
    closeWeek();
    if (grid.notes.length) grids.push(grid);
    i = Math.max(j, i + 1);
  }
  return grids;
}
