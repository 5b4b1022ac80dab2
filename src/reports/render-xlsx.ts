/**
 * The 台账 as XLSX: a 汇总 sheet (totals, rates, per unit, per owner) and a 台账 sheet with one
 * row per task, header frozen and autofiltered. Written with exceljs's streaming WorkbookWriter:
 * rows are committed as they are written, so 100,000 tasks stay well within memory.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { percent } from './quarter.js';
import { ownerTable, unitTable } from './tables.js';
import type { QuarterlyReport } from './types.js';

export const LEDGER_COLUMNS: Array<{ header: string; width: number }> = [
  { header: '任务编号', width: 9 },
  { header: '工作计划', width: 24 },
  { header: '工作事项', width: 40 },
  { header: '所属部分', width: 20 },
  { header: '时间节点', width: 12 },
  { header: '开始日期', width: 11 },
  { header: '截止日期', width: 11 },
  { header: '原截止日期', width: 11 },
  { header: '状态', width: 12 },
  { header: '信号灯', width: 7 },
  { header: '逾期天数', width: 8 },
  { header: '督办级别', width: 8 },
  { header: '退回次数', width: 8 },
  { header: '责任单位', width: 16 },
  { header: '责任人', width: 10 },
  { header: '提交时间', width: 16 },
  { header: '完成时间', width: 16 },
  { header: '佐证数量', width: 8 },
  { header: '此前遗留', width: 8 },
];

const LIGHT_NAMES = { red: '红', yellow: '黄', green: '绿' } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

/**
 * ISO instant → "2024-07-01 10:00" in the org's zone. The zone's offset is asked of Intl once per
 * UTC hour (offsets change only on hour boundaries), so 200,000 timestamps cost a few hundred Intl calls.
 */
function localMinuteFormatter(tz: string): (iso: string | null) => string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const offsets = new Map<number, number>();
  const pad = (n: number) => String(n).padStart(2, '0');
  return (iso) => {
    if (iso === null) return '';
    const ms = Date.parse(iso);
    const hour = Math.floor(ms / 3_600_000);
    let off = offsets.get(hour);
    if (off === undefined) {
      const base = hour * 3_600_000;
      off = Date.parse(`${f.format(base).replace(' ', 'T')}:00Z`) - base;
      offsets.set(hour, off);
    }
    const d = new Date(ms + off);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
}

export async function renderXlsx(r: QuarterlyReport): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = r.office;

  // 汇总
  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 22 }, { width: 16 }, ...Array.from({ length: 10 }, () => ({ width: 10 }))];
  sum.addRow([r.title]).font = { bold: true, size: 14 };
  sum.addRow([`${r.year}年第${r.issueNo}期　${r.office}　${r.dateText}　统计截至 ${r.asOf}`]).commit();
  sum.addRow([]).commit();
  const c = r.totals;
  const totalsRows: Array<[string, number | string]> = [
    ['任务总数', c.total],
    ['其中：此前遗留', r.scope.carriedOver],
    ['按时完成', c.doneOnTime],
    ['逾期完成', c.doneLate],
    ['已提交待审核', c.submitted],
    ['推进中（未到期）', c.open],
    ['逾期未完成', c.overdue],
    ['已取消', c.cancelled],
    ['经批准延期', c.extended],
    ['完成率', percent(r.rates.completion.value)],
    ['按时完成率', percent(r.rates.onTime.value)],
    ['红灯 / 黄灯 / 绿灯', `${r.lights.red} / ${r.lights.yellow} / ${r.lights.green}`],
  ];
  styleHeader(sum.addRow(['指标', '数值']));
  for (const row of totalsRows) sum.addRow(row).commit();
  sum.addRow([]).commit();
  const u = unitTable(r);
  sum.addRow(['表1　各责任单位完成情况']).font = { bold: true };
  styleHeader(sum.addRow(u.header));
  for (const row of [...u.rows, u.total]) sum.addRow(row.map(numeric)).commit();
  sum.addRow([]).commit();
  const o = ownerTable(r);
  sum.addRow(['表2　各责任人完成情况']).font = { bold: true };
  styleHeader(sum.addRow(o.header));
  for (const row of o.rows) sum.addRow(row.map(numeric)).commit();
  sum.commit();

  // 台账
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEDGER_COLUMNS.map((col) => ({ width: col.width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  const header = ws.addRow(LEDGER_COLUMNS.map((col) => col.header));
  styleHeader(header);
  header.commit();
  const local = localMinuteFormatter(r.org.timeZone);
  for (const x of r.rows) {
    ws.addRow([
      x.taskId,
      x.planTitle,
      x.itemTitle,
      x.section,
      x.label,
      x.startDay,
      x.dueDay,
      x.originalDueAt === null ? '' : local(x.originalDueAt).slice(0, 10),
      x.statusName,
      LIGHT_NAMES[x.light],
      x.daysOverdue,
      x.escalationLevel,
      x.returnCount,
      x.unitName,
      x.ownerName,
      local(x.submittedAt),
      local(x.doneAt),
      x.evidenceCount,
      x.carriedOver ? '是' : '',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  sink.end();
  await done;
  return Buffer.concat(chunks);
}

/** Counts go into the sheet as numbers so they can be summed; rates stay text ("85.7%"). */
function numeric(s: string): string | number {
  return /^\d+$/.test(s) ? Number(s) : s;
}
