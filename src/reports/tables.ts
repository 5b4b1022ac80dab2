/** The tables every format shares, as rows of strings, so HTML, DOCX and XLSX print the same numbers. */
import { percent } from './quarter.js';
import type { GroupStat, LedgerRow, QuarterlyReport } from './types.js';

export const GROUP_HEADER = ['任务数', '已完成', '按时完成', '逾期完成', '待审核', '推进中', '逾期未完成', '已取消', '完成率', '按时完成率'];

export function groupCells(g: GroupStat): string[] {
  const c = g.counts;
  return [c.total, c.done, c.doneOnTime, c.doneLate, c.submitted, c.open, c.overdue, c.cancelled]
    .map(String)
    .concat(percent(g.rates.completion.value), percent(g.rates.onTime.value));
}

export function unitTable(r: QuarterlyReport): { header: string[]; rows: string[][]; total: string[] } {
  return {
    header: ['责任单位', ...GROUP_HEADER],
    rows: r.byUnit.map((u) => [u.name, ...groupCells(u)]),
    total: ['合计', ...groupCells({ id: null, name: '合计', counts: r.totals, rates: r.rates })],
  };
}

export function ownerTable(r: QuarterlyReport): { header: string[]; rows: string[][] } {
  return { header: ['责任人', '所在单位', ...GROUP_HEADER], rows: r.byOwner.map((o) => [o.name, o.unitName ?? '', ...groupCells(o)]) };
}

/**
 * 附件 落实情况表 in the documents (DOCX, HTML): the unfinished tasks — overdue first, longest
 * first, then awaiting review and in progress by due day — at most `limit` rows. The full ledger,
 * one row per task, is the XLSX 台账: a DOCX table of 100,000 rows is neither readable nor quick
 * to build (docx needs ~0.2 ms per row and holds the whole tree in memory).
 */
export const ATTACHMENT_LIMIT = 500;

export const ATTACHMENT_HEADER = ['序号', '工作事项', '时间节点', '责任单位', '责任人', '截止日期', '状态', '逾期天数', '佐证'];

export function attachmentRows(r: QuarterlyReport, limit = ATTACHMENT_LIMIT): { rows: string[][]; unfinished: number } {
  const rank = (x: LedgerRow) => (x.category === 'overdue' ? 0 : x.category === 'submitted' ? 1 : 2);
  const unfinished = r.rows.filter((x) => x.category === 'overdue' || x.category === 'submitted' || x.category === 'open');
  unfinished.sort((a, b) => rank(a) - rank(b) || b.daysOverdue - a.daysOverdue || (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : a.taskId - b.taskId));
  const rows = unfinished
    .slice(0, limit)
    .map((x, i) => [
      String(i + 1),
      x.itemTitle,
      x.label,
      x.unitName,
      x.ownerName,
      x.dueDay,
      x.statusName,
      x.daysOverdue > 0 ? String(x.daysOverdue) : '',
      String(x.evidenceCount),
    ]);
  return { rows, unfinished: unfinished.length };
}

/** The sections in order, with their headings, as every document prints them. */
export function sections(r: QuarterlyReport): Array<{ heading: string; paragraphs: string[] }> {
  return [
    { heading: '一、总体情况', paragraphs: r.text.overview },
    { heading: '二、完成情况', paragraphs: r.text.progress },
    { heading: '三、存在问题', paragraphs: r.text.problems },
    { heading: '四、下一步工作', paragraphs: r.text.nextSteps },
  ];
}
