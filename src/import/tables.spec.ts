import { paragraphs } from './structure.js';
import { findCalendarGrids, findFlattenedTables, findTables, flatCell, spellDottedDates, weekdayColumns, weekSpans } from './tables.js';
import { extractItems, extractPlans } from './extract.js';

describe('flatCell', () => {
  it('reads a cell written on a line of its own with a bar at either end', () => {
    expect(flatCell('6月中旬~6月底 |')).toBe('6月中旬~6月底');
    expect(flatCell('| 星期一')).toBe('星期一');
    expect(flatCell('|')).toBe('');
    expect(flatCell('  日 期 |  ')).toBe('日 期');
  });

  it('is null for a line without bars or a row of several cells', () => {
    expect(flatCell('教务处')).toBeNull();
    expect(flatCell('3月 | 开展检查 | 教务处')).toBeNull();
  });
});

const FLAT = [
  '为做好毕业论文工作，特制定本进度表。',
  '阶段 |',
  '工作内容 |',
  '计划周期 |',
  '时间节点 |',
  '准备工作 |',
  '遴选指导教师 |',
  '6月中旬~6月底 |',
  '6月30日前交工作时间表 |',
  '选题阶段 |',
  '学生与指导教师初步沟通。 |',
  '8月下旬~9月中旬 |',
  '|',
  '教务处',
].join('\n');

describe('findFlattenedTables', () => {
  it('rebuilds rows of the header width from one cell per line', () => {
    const tables = findFlattenedTables(FLAT, paragraphs(FLAT));
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t.header?.cells.map((c) => c.text)).toEqual(['阶段', '工作内容', '计划周期', '时间节点']);
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['准备工作', '遴选指导教师', '6月中旬~6月底', '6月30日前交工作时间表'],
      ['选题阶段', '学生与指导教师初步沟通。', '8月下旬~9月中旬', ''],
    ]);
    expect(t.rows[0].quote).toBe('准备工作 | 遴选指导教师 | 6月中旬~6月底 | 6月30日前交工作时间表');
    // the cells keep their places in the text
    const c = t.rows[1].cells[2];
    expect(FLAT.slice(c.start, c.end)).toBe('8月下旬~9月中旬');
    expect(t.columns.title).toEqual([1]);
    expect(t.columns.time).toContain(3);
    // the ordinary reader does not take these lines for a table
    expect(findTables(FLAT, paragraphs(FLAT))).toHaveLength(0);
  });

  it('reads spaced and traditional column names, skips a --- line, and drops a cut last row without words', () => {
    const text = [
      '日 期 |',
      '星 期 |',
      '學 校 行 事 紀 要 |',
      '備 註 |',
      '---|---|---|---|',
      '9月11日 |',
      '三 |',
      '防震演練 |',
      '操場 |',
      '2月1日 |',
      '六 |',
    ].join('\n');
    const [t] = findFlattenedTables(text, paragraphs(text));
    expect(t.header?.cells).toHaveLength(4);
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['9月11日', '三', '防震演練', '操場']]);
    expect(t.columns.time).toEqual([0]);
    expect(t.columns.title).toEqual([2]);
  });

  it('takes 参加范围 and 参加对象 for column names beside 时间 and 活动内容', () => {
    const text = ['时间 |', '活动内容 |', '参加范围 |', '三月 |', '趣味运动会 |', '全体职工 |', '五月 |', '读书分享会 |', '部分职工 |'].join('\n');
    const [t] = findFlattenedTables(text, paragraphs(text));
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['三月', '趣味运动会', '全体职工'],
      ['五月', '读书分享会', '部分职工'],
    ]);
    const items = extractItems(text).filter((i) => i.timed);
    expect(items.map((i) => [i.title, i.schedule?.window?.start])).toEqual([
      ['趣味运动会', '03'],
      ['读书分享会', '05'],
    ]);
  });

  it('needs three column names in a row: a list of short lines is not a header', () => {
    const text = ['准备工作 |', '动员阶段 |', '总结阶段 |', '9月 |'].join('\n');
    expect(findFlattenedTables(text, paragraphs(text))).toHaveLength(0);
    const two = ['时间 |', '内容 |', '9月 |', '开展检查 |'].join('\n');
    expect(findFlattenedTables(two, paragraphs(two))).toHaveLength(0);
  });
});

describe('extract: a flattened table', () => {
  it('gives one item per row and one per hand-in of the 时间节点 column', () => {
    const items = extractItems(FLAT).filter((i) => i.timed);
    expect(items.map((i) => [i.title, i.schedule?.deadline])).toEqual([
      ['遴选指导教师', '06-end'],
      ['交工作时间表', '06-30'],
      ['学生与指导教师初步沟通', '09-20'],
    ]);
    expect(items[0].quote).toBe('准备工作 | 遴选指导教师 | 6月中旬~6月底 | 6月30日前交工作时间表');
  });

  it('leaves out the days off of a school calendar', () => {
    const text = [
      '日 期 |',
      '星 期 |',
      '學 校 行 事 紀 要 |',
      '備 註 |',
      '9月17日 |',
      '二 |',
      '中秋節 |',
      '放假1日 |',
      '9月18日 |',
      '三 |',
      '班親會 |',
      '|',
      '1月21日 |',
      '二 |',
      '寒假開始 |',
      '|',
    ].join('\n');
    const items = extractItems(text).filter((i) => i.timed);
    expect(items.map((i) => i.schedule?.deadline)).toEqual(['09-18']);
  });
});

describe('extract: a table whose header names no time column', () => {
  it('takes the named column whose cells open on a month for the time, and keeps a row that plans for a day off', () => {
    const text = [
      '学校德育工作安排',
      '活动主题\t工作重点\t具体措施',
      '三月 文明礼仪月\t1.学雷锋活动;2.文明班级评比。\t1.组织学生开展志愿服务;2.做好清明节放假安全教育。',
      '四月 安全教育月\t1.防溺水教育;2.应急疏散演练。\t1.开展主题班会;2.组织全校疏散演练。',
      '五月 劳动教育月\t1.劳动技能比赛。\t1.各班开展劳动实践活动。',
    ].join('\n');
    const items = extractItems(text).filter((i) => i.timed);
    expect(items.map((i) => i.schedule?.window?.start)).toEqual(['03', '04', '05']);
  });

  it('reads a two-digit year in Chinese numerals, and dates a first term by its school year', () => {
    const text = [
      '小学上学期卫生工作行事历',
      '工作主题\t工作重点\t具体措施',
      '九月 卫生习惯月\t1.开学卫生大扫除;\t1.组织各班开展卫生检查。',
      '十二月 健康教育月\t1.冬季传染病预防;\t1.开展健康知识讲座。',
      '一一年一月 总结评比月\t1.卫生工作总结评比;\t1.评选卫生先进班级。',
    ].join('\n');
    const [plan] = extractPlans(text);
    expect(plan.year).toBe(2010);
    expect(plan.items.filter((i) => i.timed).map((i) => [i.schedule?.window?.start, i.schedule?.year])).toEqual([
      ['09', 2010],
      ['12', 2010],
      ['01', 2011],
    ]);
  });
});

describe('a school calendar week grid', () => {
  const GRID = [
    '某中学2024~2025学年度第一学期校历',
    '周次\t周一\t周二\t周三\t周四\t周五\t周六\t周日\t备注',
    '一\t\t\t\t\t\t\t9/1\t开学典礼',
    '二\t2\t3\t4\t5\t6\t7\t8\t',
    '五\t23\t24\t25\t26\t27\t28\t29\t秋季运动会',
    '六\t30\t10/1\t2\t3\t4\t5\t6\t国庆节放假',
    '十八\t12/30\t31\t1/1\t2\t3\t4\t5\t期末考试',
  ].join('\n');

  it('dates each week by its days: a M/D cell names the month, a smaller day number starts the next', () => {
    const [t] = findTables(GRID, paragraphs(GRID));
    const days = weekdayColumns(t);
    expect(days).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(weekSpans(t, days).map((w) => w && `${w.first.month}/${w.first.day}-${w.last.month}/${w.last.day}`)).toEqual([
      '9/1-9/1',
      '9/2-9/8',
      '9/23-9/29',
      '9/30-10/6',
      '12/30-1/5',
    ]);
  });

  it('makes an item of each week note, due by the week’s last day; an empty week or a day off is none', () => {
    const [plan] = extractPlans(GRID);
    expect(plan.items.filter((i) => i.timed).map((i) => [i.title, i.schedule?.window, i.schedule?.deadline, i.schedule?.year])).toEqual([
      ['开学典礼', { start: '09', end: '09' }, '09-01', 2024],
      ['秋季运动会', { start: '09', end: '09' }, '09-29', 2024],
      ['期末考试', { start: '12', end: '01' }, '01-05', 2024],
    ]);
  });
});

describe('a table flattened with a bare | line between its cells', () => {
  it('spells dotted dates with a year, and dates a task line by the time cell above it', () => {
    expect(spellDottedDates('2024.3.5-3.12')).toBe('2024年3月5日-3月12日');
    expect(spellDottedDates('2024.10.8')).toBe('2024年10月8日');
    const text = [
      '某学院毕业实习工作安排',
      '一、工作步骤',
      '时 间',
      '|',
      '工 作 内 容',
      '|',
      '2024.3.5',
      '|',
      '召开毕业实习动员会,布置实习任务。',
      '|',
      '2024.3.6-3.20',
      '|',
      '学生联系实习单位,提交实习申请表。',
      '|',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => [i.quote.slice(0, 6), i.schedule?.deadline, i.schedule?.year])).toEqual([
      ['召开毕业实习', '03-05', 2024],
      ['学生联系实习', '03-20', 2024],
    ]);
  });
});

describe('a school calendar flattened one cell per line', () => {
  // the 年/月 column on lines without a bar, a week numeral, the day cells, then the week's note
  const cells = (...xs: string[]) => xs.map((x) => `| ${x}`);
  const FLAT_GRID = [
    '某职业学院2024-2025学年第一学期校历',
    '年 月',
    ...cells('周 次', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日', '备 注'),
    '2024',
    '9',
    '一',
    ...cells('2', '3', '4', '5', '6', '7', '8', '9月1日教职工报到,2日新生报到,3日开始上课。'),
    '二',
    ...cells('9', '10', '11', '12', '13', '14', '15', '10日教师节;12—13日新生入学教育。'),
    '三',
    ...cells('23', '24', '25', '26', '27', '28', '29'),
    '|',
    '10',
    '四',
    ...cells('30', '1', '2', '3', '4', '5', '6', '1—7日国庆放假。'),
    '五',
    ...cells('7', '8', '9', '10', '11', '12', '13', '期中教学检查'),
    '教务处制',
  ].join('\n');

  it('tracks the month from the 年月 column and the day cells, and gives each note its week', () => {
    const [grid] = findCalendarGrids(FLAT_GRID, paragraphs(FLAT_GRID));
    expect(
      grid.notes.map((n) => [
        n.text.slice(0, 6),
        n.year,
        n.month,
        n.week && `${n.week.first.month}/${n.week.first.day}-${n.week.last.month}/${n.week.last.day}`,
      ]),
    ).toEqual([
      ['9月1日教职', 2024, 9, '9/2-9/8'],
      ['10日教师节', 2024, 9, '9/9-9/15'],
      ['1—7日国庆', 2024, 9, '9/30-10/6'],
      ['期中教学检查', 2024, 10, '10/7-10/13'],
    ]);
  });

  it('makes an item of each dated clause of a note in its month, and of an undated note by its week; days off and festivals are none', () => {
    const [plan] = extractPlans(FLAT_GRID);
    expect(plan.items.filter((i) => i.timed).map((i) => [i.quote, i.schedule?.window ?? null, i.schedule?.deadline, i.schedule?.year])).toEqual([
      ['9月1日教职工报到', null, '09-01', 2024],
      ['2日新生报到', null, '09-02', 2024],
      ['12—13日新生入学教育', { start: '09', end: '09' }, '09-13', 2024],
      ['期中教学检查', { start: '10', end: '10' }, '10-13', 2024],
    ]);
  });
});

describe('extract: the year of a plan for 下学年', () => {
  it('is not the year of the page signature', () => {
    const plans = extractPlans(`${FLAT.replace('特制定本进度表。', '请各单位制定下学年的工作计划。')}\n2016年6月20日`);
    expect(plans[0].year).toBeNull();
    const signed = extractPlans(`${FLAT}\n2016年6月20日`);
    expect(signed[0].year).toBe(2016);
  });
});
