import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { createWorkingCalendar } from '../schedule/index.js';
import { compileQuarterlyReport } from './compile.js';
import { renderDocx } from './render-docx.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { LEDGER_COLUMNS, renderXlsx } from './render-xlsx.js';
import type { ReportInput, ReportTask } from './types.js';

/**
 * Hand-built 2024 Q3 of a township presidium, read at 2024-10-08 10:00 local time:
 * 12 tasks in the quarter across 3 units, plus one from Q2 done (out), one carried over, and two
 * due next quarter.
 *   综合办:       #1 #2 on time, #3 late, #4 submitted                  → 3/4 done
 *   代表工作室:   #5 on time, #6 overdue (esc 1), #7 returned twice & overdue, #8 cancelled → 1/3
 *   <财经>组:     #9 carried over from June, overdue 100 days (esc 2), #10 on time (extended),
 *                 #11 submitted (returned 3×), #12 late                 → 2/4
 * Totals: 12; on time 4, late 2, submitted 2, overdue 3, cancelled 1; completion 6/11.
 */
const TZ = 'Asia/Shanghai';
const calendar = createWorkingCalendar();
const at = (s: string) => new Date(s);
function task(id: number, unitId: number, dueDay: string, status: ReportTask['status'], extra: Partial<ReportTask> = {}): ReportTask {
  return {
    id,
    planId: 1,
    itemId: id,
    label: `${Number(dueDay.slice(5, 7))}月`,
    periodKey: dueDay.slice(0, 7),
    startDay: `${dueDay.slice(0, 8)}01`,
    dueDay,
    dueAt: at(`${dueDay}T15:59:59.999Z`),
    status,
    ownerId: unitId,
    unitId,
    escalationLevel: 0,
    submittedAt: null,
    doneAt: null,
    onTime: null,
    returnCount: 0,
    originalDueAt: null,
    ...extra,
  };
}
const done = (day: string, onTime: boolean) => ({ submittedAt: at(`${day}T02:00:00Z`), doneAt: at(`${day}T03:00:00Z`), onTime });

const titles: Record<number, string> = {
  1: '召开主席团例会',
  2: '组织代表开展走访活动',
  3: '开展廉政风险防控专题教育',
  4: '听取政府工作情况汇报',
  5: '代表联络站接待选民',
  6: '开展人大代表培训',
  7: '组织代表视察重点项目',
  8: '召开代表座谈会',
  9: '开展财政预算执行情况调研',
  10: '审查财政决算',
  11: '开展国有资产管理情况监督',
  12: '组织执法检查',
  13: '召开第四季度例会',
  14: '年度工作总结',
};

export function scenario(): ReportInput {
  const tasks: ReportTask[] = [
    task(1, 1, '2024-07-31', 'done', done('2024-07-30', true)),
    task(2, 1, '2024-08-31', 'done', done('2024-08-20', true)),
    task(3, 1, '2024-09-30', 'done', done('2024-10-05', false)),
    task(4, 1, '2024-09-30', 'submitted', { submittedAt: at('2024-09-29T02:00:00Z') }),
    task(5, 2, '2024-07-31', 'done', done('2024-07-20', true)),
    task(6, 2, '2024-08-31', 'open', { escalationLevel: 1 }),
    task(7, 2, '2024-09-15', 'returned', { returnCount: 2 }),
    task(8, 2, '2024-09-30', 'cancelled'),
    task(9, 3, '2024-06-30', 'open', { escalationLevel: 2 }),
    task(10, 3, '2024-09-30', 'done', { ...done('2024-09-25', true), originalDueAt: at('2024-09-15T15:59:59.999Z') }),
    task(11, 3, '2024-09-30', 'submitted', { submittedAt: at('2024-10-07T02:00:00Z'), returnCount: 3 }),
    task(12, 3, '2024-08-15', 'done', done('2024-08-20', false)),
    // out of the report: done in Q2; due next quarter
    task(15, 1, '2024-05-31', 'done', done('2024-05-30', true)),
    task(13, 1, '2024-10-31', 'scheduled'),
    task(14, 2, '2024-12-31', 'scheduled'),
  ];
  return {
    org: { id: 1, name: '某某镇人大主席团', timeZone: TZ },
    year: 2024,
    quarter: 3,
    now: at('2024-10-08T02:00:00Z'),
    tasks,
    items: Object.entries(titles)
      .map(([id, title]) => ({
        id: Number(id),
        planId: 1,
        title,
        sectionPath: ['二、主要工作'],
        evidenceRequirements: Number(id) === 5 ? [{ kind: '签到表', min: 1 }] : [],
      }))
      .concat([{ id: 15, planId: 1, title: '上季度事项', sectionPath: [], evidenceRequirements: [] }]),
    plans: [{ id: 1, title: '某某镇人大主席团2024年工作计划' }],
    people: [
      { id: 1, name: '张三', unitId: 1 },
      { id: 2, name: '李四', unitId: 2 },
      { id: 3, name: '王<五>', unitId: 3 },
    ],
    units: [
      { id: 1, name: '综合办' },
      { id: 2, name: '代表工作室' },
      { id: 3, name: '<财经>组' },
    ],
    evidence: [
      { taskId: 1, fileName: '例会记录.docx', sha256: 'aaa111', kind: '会议记录' },
      { taskId: 1, fileName: '会场照片.jpg', sha256: 'bbb222', kind: '照片' },
      { taskId: 10, fileName: '会场照片.jpg', sha256: 'bbb222', kind: '照片' },
    ],
    audit: [
      { taskId: 7, action: 'return', at: at('2024-09-10T02:00:00Z'), fromStatus: 'submitted', toStatus: 'returned' },
      { taskId: 7, action: 'return', at: at('2024-09-14T02:00:00Z'), fromStatus: 'submitted', toStatus: 'returned' },
    ],
    calendar,
    yellowWorkingDays: 3,
  };
}

const report = compileQuarterlyReport(scenario());

describe('the hand-built 2024 Q3 scenario', () => {
  it('compiles to the known numbers', () => {
    expect(report.title).toBe('某某镇人大主席团2024年第三季度工作计划落实情况督查通报');
    expect(report.issueNo).toBe(3);
    expect(report.dateText).toBe('2024年10月8日');
    expect(report.totals).toEqual({
      total: 12,
      doneOnTime: 4,
      doneLate: 2,
      done: 6,
      submitted: 2,
      open: 0,
      overdue: 3,
      cancelled: 1,
      extended: 1,
      returned: 1,
      escalated: 2,
    });
    expect(report.scope).toEqual({ total: 12, dueInQuarter: 11, carriedOver: 1 });
    expect(report.rates.completion).toEqual({ num: 6, den: 11, value: 6 / 11 });
    expect(report.byUnit.map((u) => [u.name, u.counts.done, u.counts.total - u.counts.cancelled])).toEqual([
      ['综合办', 3, 4],
      ['代表工作室', 1, 3],
      ['<财经>组', 2, 4],
    ]);
    expect(report.overdue.map((o) => [o.taskId, o.daysOverdue, o.escalationLevel])).toEqual([
      [9, 100, 2],
      [6, 38, 1],
      [7, 23, 0],
    ]);
    expect(report.repeatedReturns.map((x) => [x.taskId, x.returnCount, x.lastReturnedAt])).toEqual([
      [11, 3, null],
      [7, 2, '2024-09-14T02:00:00.000Z'],
    ]);
    expect(report.evidence).toMatchObject({ files: 3, distinctFiles: 2, tasksWithEvidence: 2, tasksMissingEvidence: 1 });
    expect(report.evidence.entries.find((e) => e.taskId === 5)?.missing).toEqual(['签到表 0/1']);
    expect(report.nextQuarter.months.map((m) => m.tasks.map((t) => t.taskId))).toEqual([[13], [], [14]]);
  });

  it('writes the 通报 text from the data', () => {
    const t = report.text;
    expect(t.opening).toBe(
      '根据《某某镇人大主席团2024年工作计划》和督查工作安排，某某镇人大主席团于2024年10月8日对2024年第三季度（7月至9月）12项工作任务（含此前到期尚未完成的1项）的落实情况进行了督查，现将有关情况通报如下：',
    );
    expect(t.overview[0]).toBe(
      '本次纳入督查的工作任务共12项，涉及3个责任单位、3名责任人。其中已完成6项（按时完成4项，逾期完成2项），已提交待审核2项，逾期未完成3项，已取消1项。',
    );
    expect(t.overview[1]).toContain('完成率为54.5%（6/11），按时完成率为36.4%（4/11）；经批准延期的1项');
    const problems = t.problems.join('\n');
    expect(problems).toContain('逾期未完成3项，涉及代表工作室2项、<财经>组1项。');
    expect(problems).toContain('“开展财政预算执行情况调研”（6月）（<财经>组，王<五>，逾期100天）');
    expect(problems).toContain('其中2项已升级督办，1项已提请主席团督办。');
    expect(problems).toContain('代表工作室（完成率33.3%，逾期2项）完成进度明显滞后');
    expect(problems).not.toContain('综合办（完成率');
    expect(problems).toContain('2项工作经审核被退回两次以上：“开展国有资产管理情况监督”（9月）（<财经>组，退回3次）');
    expect(problems).toContain('“代表联络站接待选民”（7月）缺签到表');
    expect(t.nextSteps.join('')).toContain('2024年第四季度共有2项工作任务到期：10月1项，主要有“召开第四季度例会”；12月1项，主要有“年度工作总结”');
  });

  it('DOCX reads back with the title, sections, tables and numbers', async () => {
    const buf = await renderDocx(report);
    const { value: text } = await mammoth.extractRawText({ buffer: buf });
    const order = [
      '某某镇人大主席团2024年第三季度工作计划落实情况督查通报',
      '2024年第3期',
      '2024年10月8日',
      '现将有关情况通报如下',
      '一、总体情况',
      '二、完成情况',
      '表1',
      '表2',
      '三、存在问题',
      '四、下一步工作',
      '附件',
      '落实情况表',
    ];
    let pos = -1;
    for (const s of order) {
      const i = text.indexOf(s, pos + 1);
      expect({ s, found: i > pos }).toEqual({ s, found: true });
      pos = i;
    }
    const cells = text
      .split(/\n+/)
      .map((s) => s.trim())
      .filter(Boolean);
    // 表1 row of 代表工作室: 4 tasks, 1 done, 1 on time, 0 late, 0 submitted, 0 open, 2 overdue, 1 cancelled, 33.3%, 33.3%
    const i = cells.indexOf('代表工作室');
    expect(cells.slice(i, i + 11)).toEqual(['代表工作室', '4', '1', '1', '0', '0', '0', '2', '1', '33.3%', '33.3%']);
    const total = cells.indexOf('合计');
    expect(cells.slice(total, total + 11)).toEqual(['合计', '12', '6', '4', '2', '2', '0', '3', '1', '54.5%', '36.4%']);
    // attachment: the unfinished tasks, overdue first (longest first)
    const a = cells.lastIndexOf('序号');
    const firstRow = cells.slice(a + 9, a + 18);
    expect(firstRow).toEqual(['1', '开展财政预算执行情况调研', '6月', '<财经>组', '王<五>', '2024-06-30', '逾期', '100', '0']);
    expect(text).not.toContain('本季度无逾期事项');

    const zip = await JSZip.loadAsync(buf);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/w:top="2098"/);
  });

  it('XLSX 台账 has one row per task, a frozen, filtered header and a summary sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(report)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '台账']);
    const ws = wb.getWorksheet('台账')!;
    expect(ws.rowCount).toBe(13);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const rows = Array.from({ length: 12 }, (_, i) => ws.getRow(i + 2).values as unknown[]);
    const byId = new Map(rows.map((r) => [r[1], r]));
    const col = (h: string) => LEDGER_COLUMNS.findIndex((c) => c.header === h) + 1;
    expect(byId.get(9)![col('状态')]).toBe('逾期');
    expect(byId.get(9)![col('逾期天数')]).toBe(100);
    expect(byId.get(9)![col('此前遗留')]).toBe('是');
    expect(byId.get(3)![col('状态')]).toBe('逾期完成');
    expect(byId.get(4)![col('状态')]).toBe('已提交待审核');
    expect(byId.get(8)![col('状态')]).toBe('已取消');
    expect(byId.get(1)![col('佐证数量')]).toBe(2);
    expect(byId.get(1)![col('提交时间')]).toBe('2024-07-30 10:00');
    expect(byId.get(10)![col('原截止日期')]).toBe('2024-09-15');
    expect(byId.get(11)![col('责任单位')]).toBe('<财经>组');
    expect(rows.filter((r) => r[col('状态')] === '逾期').length).toBe(3);

    const sum = wb.getWorksheet('汇总')!;
    const values: unknown[][] = [];
    sum.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values[0][0]).toBe(report.title);
    // 统计截至 in local time (issue #12), not UTC ISO.
    expect(String(values[1][0])).toMatch(/统计截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（Asia\/Shanghai）$/);
    expect(String(values[1][0])).not.toContain('Z');
    expect(values).toContainEqual(['逾期未完成', 3]);
    expect(values).toContainEqual(['完成率', '54.5%']);
    expect(values).toContainEqual(['代表工作室', 4, 1, 1, 0, 0, 0, 2, 1, '33.3%', '33.3%']);
    expect(values).toContainEqual(['合计', 12, 6, 4, 2, 2, 0, 3, 1, '54.5%', '36.4%']);
    expect(values).toContainEqual(['王<五>', '<财经>组', 4, 2, 1, 1, 1, 0, 1, 0, '50.0%', '25.0%']);
  });

  it('HTML escapes every name and keeps the sections', () => {
    const html = renderHtml(report);
    expect(html).toContain('&lt;财经&gt;组');
    expect(html).toContain('王&lt;五&gt;');
    expect(html).not.toContain('<财经>');
    expect(html).not.toContain('王<五>');
    // no attribute value is broken by a nested double quote
    for (const m of html.matchAll(/style="([^"]*)"/g)) expect(m[1]).toMatch(/;$/);
    for (const h of ['一、总体情况', '二、完成情况', '三、存在问题', '四、下一步工作', '附件　落实情况表']) expect(html).toContain(h);
  });

  it('HTML escapes quotes and ampersands in titles', () => {
    const input = scenario();
    input.items.find((i) => i.id === 6)!.title = `<script>alert("x")</script> & 'y'`;
    const html = renderHtml(compileQuarterlyReport(input));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('JSON is the report with ISO instants', () => {
    const back = JSON.parse(renderJson(report));
    expect(back.totals).toEqual(report.totals);
    expect(back.asOf).toBe('2024-10-08T02:00:00.000Z');
    expect(back.rows.find((r: { taskId: number }) => r.taskId === 1).submittedAt).toBe('2024-07-30T02:00:00.000Z');
  });

  it('a quarter with nothing overdue says so in every format', async () => {
    const input = scenario();
    input.tasks = input.tasks.filter((t) => ![6, 7, 9].includes(t.id));
    const r = compileQuarterlyReport(input);
    expect(r.totals.overdue).toBe(0);
    expect(r.text.problems[0]).toBe('本季度无逾期事项。');
    expect(r.text.problems.join('')).not.toContain('滞后');
    expect(renderHtml(r)).toContain('本季度无逾期事项。');
    const { value } = await mammoth.extractRawText({ buffer: await renderDocx(r) });
    expect(value).toContain('本季度无逾期事项。');
  });
});
