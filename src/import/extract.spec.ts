import { extractItems, extractPlans, isCalendarFact, toExtractJson, type ExtractedItem } from './extract.js';
import { parseSchedule } from '../schedule/index.js';
import { tenseOf, tenseScore } from './classify.js';
import { findEnumeration, matchMarker, MAX_SENTENCE, paragraphs } from './structure.js';

const PLAN = `2024年镇人大主席团工作计划

为做好2024年人大工作，特制定本计划。

一、加强代表工作
（一）组织代表学习
1．3月份，组织代表开展一次法律知识培训。
2．每季度召开一次代表小组活动。
（二）开展视察调研
镇人大主席团要在6月底前组织代表对集镇建设情况进行视察。
二、强化监督
(1)听取镇政府工作报告，开展满意度测评。
(2)配合县人大做好执法检查。
三、存在问题
1、个别代表履职意识不强，要在下半年加以解决。
`;

function byTitle(items: ExtractedItem[], part: string): ExtractedItem {
  const found = items.find((i) => i.quote.includes(part));
  if (!found) throw new Error(`no item with ${part}: ${items.map((i) => i.quote).join(' | ')}`);
  return found;
}

describe('structure', () => {
  it('recognises the numbering styles of Chinese plans', () => {
    expect(matchMarker('一、指导思想')).toMatchObject({ type: 'cn', value: 1 });
    expect(matchMarker('十二、其他')).toMatchObject({ type: 'cn', value: 12 });
    expect(matchMarker('(一)狠抓学习教育')).toMatchObject({ type: 'pcn', value: 1 });
    expect(matchMarker('（三）加强执纪问责')).toMatchObject({ type: 'pcn', value: 3 });
    expect(matchMarker('1、1—2月份,结合…')).toMatchObject({ type: 'num', value: 1, text: '1、' });
    expect(matchMarker('2.每月召开')).toMatchObject({ type: 'num', value: 2 });
    expect(matchMarker('（2）做好')).toMatchObject({ type: 'pnum', value: 2 });
    expect(matchMarker('③落实')).toMatchObject({ type: 'circ', value: 3 });
    expect(matchMarker('二是认真做好发展党员工作')).toMatchObject({ type: 'enum', value: 2 });
    expect(matchMarker('第二章 工作措施')).toMatchObject({ type: 'chapter', value: 2 });
    // not markers: a year, a decimal, a date
    expect(matchMarker('2018年是关键一年')).toBeNull();
    expect(matchMarker('1.5万元用于')).toBeNull();
    expect(matchMarker('5月22日下午')).toBeNull();
  });

  it('finds 一是…二是… and 1、…2、… enumerations inside a paragraph, not stray ones', () => {
    const text = '围绕中心工作。一是加强项目监督；二是加强民生监督；三是加强法治监督。';
    const parts = findEnumeration(text, { start: 0, end: text.length })!;
    expect(parts.map((p) => text.slice(p.content.start, p.content.end))).toEqual(['加强项目监督；', '加强民生监督；', '加强法治监督。']);
    const inline = '具体办法有:1、写一份自查报告。2、写好工作总结,上传到教育总支。';
    expect(findEnumeration(inline, { start: 0, end: inline.length })!.length).toBe(2);
    const stray = '坚持统一是原则,二是非';
    expect(findEnumeration(stray, { start: 0, end: stray.length })).toBeNull();
    const decimals = '投入1.5万元,增长2.3%';
    expect(findEnumeration(decimals, { start: 0, end: decimals.length })).toBeNull();
  });

  it('cuts a page run together on one line at its 一、二、三、 section markers', () => {
    const body =
      '为做好本年度道路维修工作,特制定本方案。一、工作目标全面完成全镇道路维修任务,提升通行条件,方便群众出行,保障行车安全,改善农村人居环境,为乡村振兴打好基础,让群众走上放心路、平安路、致富路。二、进度安排3月底前完成维修路段摸底;5月份完成施工招标;10月底前全部完工。三、保障措施各村要明确专人负责,加强质量监督,严格资金管理,做好群众工作,及时协调解决施工中遇到的困难和问题,确保工程按时保质完成,杜绝安全事故发生。';
    const text = `某镇道路维修实施方案${body}`;
    const paras = paragraphs(text);
    expect(paras.map((p) => text.slice(p.start, p.end).slice(0, 6))).toEqual(['某镇道路维修', '一、工作目标', '二、进度安排', '三、保障措施']);
    expect(paras.every((p) => p.line === 1)).toBe(true);
    // fewer than three markers in order, or a short line: one paragraph
    expect(paragraphs('一、工作目标全面完成任务。二、进度安排3月底前完成。')).toHaveLength(1);
    const items = extractItems(text).filter((i) => i.timed);
    expect(items.map((i) => i.schedule?.deadline ?? i.schedule?.window?.start)).toEqual(['03-end', '05', '10-end']);
  });

  it('cuts a run-together page before a section marker that opens a short heading with a colon ("…1-3天二、督查内容:")', () => {
    const text =
      '某县重点项目督查方案为确保重点项目按期推进,圆满完成年度目标任务,进一步提升工作效能,提高工作质量,确保节点推进落实到位,切实解决项目推进中的困难和问题,特制定本方案。一、督查时间:每月节点完成前督查一次二、督查内容:项目节点推进情况,影响项目进度的问题解决情况,帮扶责任人履职情况。三、督查方式:采取电话调度、查阅资料、现场查看、联席座谈等方式进行,坚持实事求是、求真务实的原则,每季度通报一次督查结果,对进度滞后的项目进行督办、催办。';
    expect(paragraphs(text).map((p) => text.slice(p.start, p.end).slice(0, 7))).toEqual(['某县重点项目督', '一、督查时间:', '二、督查内容:', '三、督查方式:']);
  });

  it('reads a page saved with its HTML markup one <p> block at a time', () => {
    const text = '<p class="ql-block">各位家长:</p><p class="ql-block"> 1、6月27日上午一年级期末检测。</p><p>2、6月28日上午二年级期末检测。</p>';
    expect(paragraphs(text).map((p) => text.slice(p.start, p.end))).toEqual(['各位家长:', '1、6月27日上午一年级期末检测。', '2、6月28日上午二年级期末检测。']);
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => i.schedule?.deadline),
    ).toEqual(['06-27', '06-28']);
  });

  it('joins a line broken inside a bracket to the line that closes it', () => {
    const text = ['注:(1)全市中小学均于2025年2月17日(2月16', '日报到)正式开学。', '(2)3月5日组织学雷锋志愿服务活动。'].join('\n');
    const paras = paragraphs(text);
    expect(paras.map((p) => [text.slice(p.start, p.end), p.line])).toEqual([
      ['注:(1)全市中小学均于2025年2月17日(2月16\n日报到)正式开学。', 1],
      ['(2)3月5日组织学雷锋志愿服务活动。', 3],
    ]);
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => i.schedule?.deadline),
    ).toEqual(['03-05']);
  });

  it('keeps exact offsets and 1-based line numbers', () => {
    const text = '  第一行\n\n\t第二段 \n';
    const ps = paragraphs(text);
    expect(ps.map((p) => text.slice(p.start, p.end))).toEqual(['第一行', '第二段']);
    expect(ps.map((p) => p.line)).toEqual([1, 3]);
  });
});

describe('extractPlans', () => {
  const [plan] = extractPlans(PLAN);

  it('reads the title, the year and the section path of every item', () => {
    expect(plan.title).toBe('2024年镇人大主席团工作计划');
    expect(plan.year).toBe(2024);
    expect(byTitle(plan.items, '法律知识培训').section).toEqual(['加强代表工作', '组织代表学习']);
    expect(byTitle(plan.items, '每季度').section).toEqual(['加强代表工作', '组织代表学习']);
    expect(byTitle(plan.items, '集镇建设').section).toEqual(['加强代表工作']);
    expect(byTitle(plan.items, '集镇建设').title).toBe('开展视察调研');
    expect(byTitle(plan.items, '执法检查').section).toEqual(['强化监督']);
  });

  it('quotes the source exactly and gives the right line', () => {
    const lines = PLAN.split('\n');
    for (const it of plan.items) {
      expect(PLAN.slice(it.start, it.end)).toBe(it.quote);
      expect(lines[it.line - 1]).toContain(it.quote.split('\n')[0]);
    }
    const training = byTitle(plan.items, '法律知识培训');
    expect(training.quote).toBe('3月份，组织代表开展一次法律知识培训。');
    expect(training.line).toBe(7);
  });

  it('reads the schedule of timed items and gives them the plan year', () => {
    expect(byTitle(plan.items, '法律知识培训')).toMatchObject({
      timed: true,
      schedule: { window: { start: '03', end: '03' }, deadline: null, recurrence: null, times: 1, year: 2024 },
    });
    expect(byTitle(plan.items, '每季度').schedule).toMatchObject({ recurrence: 'quarterly', times: 1 });
    expect(byTitle(plan.items, '集镇建设').schedule).toMatchObject({ deadline: '06-end' });
    expect(byTitle(plan.items, '法律知识培训').timeText).toContain('3月份');
  });

  it('keeps items without a time expression as untimed whole-year items', () => {
    const report = byTitle(plan.items, '听取镇政府工作报告');
    expect(report.timed).toBe(false);
    expect(report.schedule).toBeNull();
    expect(report.confidence).toBeGreaterThanOrEqual(0.5);
    expect(report.title).toBe('听取镇政府工作报告，开展满意度测评');
  });

  it('skips the problems section, whatever its tense', () => {
    expect(plan.items.some((i) => i.quote.includes('履职意识不强'))).toBe(false);
    expect(plan.skipped.find((s) => s.quote.includes('履职意识不强'))?.reason).toBe('problems');
  });

  it('splits a collection at its 篇 titles and ignores the collection header', () => {
    const doc = `乡镇工作计划3篇\n\n下面是范文分享。\n\n乡镇工作计划篇1\n\n一、学习\n\n1、3月份开展一次培训。\n\n乡镇工作计划篇2\n\n一、监督\n\n1、每月走访一次选民。\n\n2、加强学习。\n`;
    const plans = extractPlans(doc);
    expect(plans.map((p) => p.title)).toEqual(['乡镇工作计划篇1', '乡镇工作计划篇2']);
    expect(plans.map((p) => p.items.length)).toEqual([1, 2]);
    expect(plans[1].items[0].line).toBe(15);
  });

  it('takes the text before 第二篇 for the first plan when it opens with a plan title', () => {
    const doc = `代表小组活动计划\n活动内容:\n1、每个月安排一次代表接待选民。\n第二篇:代表小组工作计划\n一、活动\n1、3月中旬组织代表学习。\n`;
    const plans = extractPlans(doc);
    expect(plans.map((p) => [p.title, p.items.filter((i) => i.timed).length])).toEqual([
      ['代表小组活动计划', 1],
      ['第二篇:代表小组工作计划', 1],
    ]);
    // a collection's own header before 篇1 is no plan (above); nor is a header before 第二篇 that names none
    expect(extractPlans(`下面是范文分享。\n欢迎阅读。\n第二篇:代表小组工作计划\n一、活动\n1、3月中旬组织代表学习。\n`)).toHaveLength(1);
  });
});

describe('enumerations', () => {
  const text = `一、监督工作\n\n围绕全镇中心工作,有效发挥监督职能。一是3月份组织代表视察重点项目;二是每月开展一次走访选民活动;三是加强对镇政府的工作监督。\n`;
  const items = extractItems(text);

  it('splits 一是/二是/三是 into items and drops the lead', () => {
    expect(items.map((i) => i.quote)).toEqual(['3月份组织代表视察重点项目;', '每月开展一次走访选民活动;', '加强对镇政府的工作监督。']);
    expect(items.map((i) => i.section)).toEqual([['监督工作'], ['监督工作'], ['监督工作']]);
    expect(items.map((i) => i.timed)).toEqual([true, true, false]);
    expect(items[1].schedule).toMatchObject({ recurrence: 'monthly', times: 1 });
  });

  it('treats a list opened by a past-tense sentence as a report', () => {
    const report = `四、加大监督力度\n\n一年来,镇人大加大了对政府工作的监督力度。一是7月份进行半年督查;二是9月份完成专项督查;三是10月份对洁净乡村工作进行了专项督查。\n`;
    const plans = extractPlans(report);
    expect(plans[0].items.filter((i) => i.timed)).toEqual([]);
    expect(plans[0].skipped.filter((s) => s.reason === 'report').map((s) => s.timeText)).toEqual(['7月份', '9月份', '10月份']);
  });
});

describe('commitment or report', () => {
  it('tells a past event from a plan by tense and by the document it is in', () => {
    const report = `20xx年工作总结\n\n半年来,全镇上下取得了一定的成绩。\n\n一、主要工作\n\n(1)做好民兵整组工作。4月22日,县武装部在我镇顺利召开全县民兵整组示范点工作会议。\n\n(2)3月份,镇人大主席团召开规划编制征求意见会,代表们一致认为规划科学合理。\n\n二、下半年工作打算\n\n1、拟在第四季度召开人大工作例会。\n`;
    const [plan] = extractPlans(report);
    expect(plan.items.map((i) => i.quote)).toEqual(['拟在第四季度召开人大工作例会。']);
    expect(plan.items[0].schedule).toMatchObject({ window: { start: '10', end: '12' } });
    expect(plan.skipped.find((s) => s.quote.includes('4月22日'))).toMatchObject({ reason: 'report', timeText: '4月22日' });
    expect(plan.mode).toBe('mixed');
  });

  it('reads the time of the commitment, not of its circumstance', () => {
    const items = extractItems('1、1—2月份,结合机关每周一集中学习日,传达贯彻好上级会议精神。\n2、6—7月份,结合“七·一”建党,举办一次廉政文化活动。\n');
    expect(items[0].schedule).toMatchObject({ window: { start: '01', end: '02' }, recurrence: null });
    expect(items[0].title).toBe('传达贯彻好上级会议精神');
    expect(items[1].schedule).toMatchObject({ window: { start: '06', end: '07' }, deadline: null, times: 1 });
  });

  it('takes the window of a heading or preamble as the scope of its undated items', () => {
    const [plan] = extractPlans('现将第四季度本人分管工作计划汇报如下:\n\n一、人大工作\n\n1、开展代表活动。\n\n2、确保10月底前整改到位。\n');
    expect(plan.scope?.window).toEqual({ start: '10', end: '12' });
    expect(plan.items[0]).toMatchObject({ timed: false, schedule: null, scope: { window: { start: '10', end: '12' } } });
    expect(plan.items[1]).toMatchObject({ timed: true, scope: null, schedule: { deadline: '10-end' } });
  });
});

describe('unit and evidence suggestions', () => {
  const items = extractItems(
    [
      '1、镇人大主席团要在第四季度召开一次代表座谈会。',
      '2、局纪检要每月组织一次廉政学习培训。',
      '3、由镇政府负责,6月底前完成问题整改。',
      '4、每季度组织代表走访选民一次。',
      '5、开展一次专项督查。',
      '6、开展代表视察和调研活动。',
      '7、督促镇政府认真落实各项惠民措施。',
    ].join('\n\n'),
  );
  const kinds = (i: number) => items[i].evidence.map((e) => e.kind);

  it('names the responsible unit when the text does', () => {
    expect(items.map((i) => i.unit)).toEqual(['镇人大主席团', '局纪检', '镇政府', null, null, null, null]);
  });

  it('suggests evidence from the action', () => {
    expect(kinds(0)).toEqual(['会议记录', '签到表', '照片']);
    expect(kinds(1)).toEqual(['通知', '签到表', '照片']);
    expect(kinds(2)).toEqual(['整改报告']);
    expect(kinds(3)).toEqual(['走访记录', '台账']);
    expect(kinds(4)).toEqual(['督查报告']);
    expect(kinds(5)).toEqual(['视察报告', '调研报告', '照片', '活动记录']);
    for (const it of items) for (const e of it.evidence) expect(e.min).toBe(1);
  });

  it('asks for one record per required meeting', () => {
    const [item] = extractItems('1、全年召开人代会不少于2次。');
    expect(item.evidence).toEqual([
      { kind: '会议记录', min: 2 },
      { kind: '签到表', min: 2 },
      { kind: '照片', min: 1 },
    ]);
  });
});

describe('toExtractJson', () => {
  it('prints one object per item in the CLI shape, in document order', () => {
    const items = extractItems('一、学习\n\n1、3—4月份开展一次培训。\n\n2、加强自学。\n');
    const json = toExtractJson(items, 2024);
    expect(json).toEqual([
      {
        quote: '3—4月份开展一次培训。',
        section: ['学习'],
        title: '开展一次培训',
        timed: true,
        window: { start: '03', end: '04' },
        deadline: null,
        recurrence: null,
        times: 1,
        year: 2024,
        confidence: items[0].confidence,
      },
      {
        quote: '加强自学。',
        section: ['学习'],
        title: '加强自学',
        timed: false,
        window: null,
        deadline: null,
        recurrence: null,
        times: null,
        year: 2024,
        confidence: items[1].confidence,
      },
    ]);
    expect(Object.keys(json[0])).toEqual(['quote', 'section', 'title', 'timed', 'window', 'deadline', 'recurrence', 'times', 'year', 'confidence']);
  });
});

describe('a county-style plan with responsibilities in brackets', () => {
  const text = `XX县2024年优化营商环境工作要点

一、深化“放管服”改革
1.推进政务服务“一网通办”。6月底前实现90%以上事项网上可办。（牵头单位：县政务服务中心；配合单位：县直各部门、各乡镇；完成时限：2024年6月底）
2.开展营商环境专项督查，每季度通报一次。（牵头单位：县委督查室）
二、保障措施
（一）加强组织领导。成立工作专班，定期召开调度会。
（二）强化督查考核。县委督查室每月5日前汇总各单位进展情况。
`;
  const [plan] = extractPlans(text);

  it('reads title, year, units, co-units and schedules', () => {
    expect(plan.title).toBe('XX县2024年优化营商环境工作要点');
    expect(plan.year).toBe(2024);
    expect(plan.items.map((i) => i.section)).toEqual([['深化“放管服”改革'], ['深化“放管服”改革'], ['保障措施'], ['保障措施']]);
    expect(plan.items[0]).toMatchObject({
      title: '推进政务服务“一网通办”',
      unit: '县政务服务中心',
      coUnits: ['县直各部门', '各乡镇'],
      schedule: { deadline: '06-end', year: 2024 },
    });
    expect(plan.items[1]).toMatchObject({ unit: '县委督查室', schedule: { recurrence: 'quarterly', times: 1 } });
    expect(plan.items[1].evidence[0].kind).toBe('督查报告');
    expect(plan.items[2]).toMatchObject({ timed: false, title: '加强组织领导' });
    expect(plan.items[2].evidence.map((e) => e.kind)).toContain('会议记录');
    expect(plan.items[3]).toMatchObject({ unit: '县委督查室', schedule: { recurrence: 'monthly' } });
    expect(plan.items[3].scheduleDetail?.dayOfMonth).toBe(5);
    expect(plan.skipped).toEqual([]);
  });
});

describe('calendar-style plans', () => {
  it('dates the items under a heading that is only a time ("九月份：", "（一）第一季度")', () => {
    const text = `2024年秋季学期少先队工作计划

一、具体安排

九月份：

1、制定本学期少先队工作计划。

2、开展新生入队前教育。

十月份：

1、组织“国庆”主题队会。

二、分季度安排

（一）第四季度

1、召开少代会。

2、每月开展一次消防演练。

三、工作要求

每周一举行升旗仪式。
`;
    const [plan] = extractPlans(text);
    const rows = plan.items.map((i) => [i.title, i.schedule?.window ?? i.schedule?.recurrence ?? null]);
    expect(rows).toEqual([
      // two untimed tasks under 九月份 are one block item, named by its first task
      ['制定本学期少先队工作计划', { start: '09', end: '09' }],
      ['组织“国庆”主题队会', { start: '10', end: '10' }],
      ['召开少代会', { start: '10', end: '12' }],
      ['开展一次消防演练', 'monthly'],
      ['举行升旗仪式', 'weekly'],
    ]);
    expect(plan.items[0].quote).toContain('开展新生入队前教育');
    expect(plan.items[1].notes.join()).toContain('时间取自所在标题“十月份”');
    expect(plan.items[0].timeText).toBe('九月份');
    expect(plan.skipped.map((s) => [s.reason, s.quote])).toEqual([
      ['lead', '九月份：'],
      ['lead', '十月份：'],
    ]);
  });
});

describe('one paragraph, several dated sentences', () => {
  it('makes an item of each dated sentence when their times differ', () => {
    const text = `二、加强监督工作

（一）听取和审议专项工作报告。上半年听取镇政府关于优化营商环境工作情况的报告；下半年听取镇政府关于乡村振兴工作情况的报告。

（二）开展代表评议。10月份组织代表对镇卫生院进行工作评议，年底前督促整改到位。
`;
    const items = extractItems(text);
    expect(items.map((i) => [i.section, i.title, i.schedule?.window])).toEqual([
      [['加强监督工作', '听取和审议专项工作报告'], '听取镇政府关于优化营商环境工作情况的报告', { start: '01', end: '06' }],
      [['加强监督工作', '听取和审议专项工作报告'], '听取镇政府关于乡村振兴工作情况的报告', { start: '07', end: '12' }],
      [['加强监督工作'], '开展代表评议', { start: '10', end: '10' }],
    ]);
    for (const it of items) expect(text.slice(it.start, it.end)).toBe(it.quote);
  });
});

describe('years', () => {
  it('gives an item the plan year, or the next one for 明年/次年', () => {
    const [plan] = extractPlans('2024年工作计划\n\n1、12月份召开总结会。\n\n2、次年1月底前报送工作总结。\n\n3、2025年3月开展回头看。\n');
    expect(plan.items.map((i) => i.schedule?.year)).toEqual([2024, 2025, 2025]);
  });

  it('gives a plan titled with a range of years ("2025—2027年") its first year', () => {
    const [plan] = extractPlans('某县农村道路提升三年行动方案(2025—2027年)\n\n一、工作安排\n1、6月底前完成路网摸底。\n');
    expect(plan.year).toBe(2025);
    expect(plan.items.filter((i) => i.timed).map((i) => i.schedule?.year)).toEqual([2025]);
  });
});

describe('notices dated by their signature', () => {
  it('puts what a notice announces without a year after the day that signs it, each notice by its own date', () => {
    const text = [
      '关于举行秋季运动会的通知',
      '各班:',
      '学校定于10月20日举行秋季运动会,请各班于10月15日前上报参赛名单。',
      '教务处',
      '2024年9月28日',
      '',
      '关于开展寒假社会实践的通知',
      '各班:',
      '请各班于1月10日前组织学生制定寒假实践计划,3月5日前上交实践报告。',
      '德育处',
      '2024年12月30日',
    ].join('\n');
    const items = extractPlans(text).flatMap((p) => p.items.filter((i) => i.timed));
    expect(items.map((i) => [i.schedule?.deadline, i.schedule?.year])).toEqual([
      ['10-20', 2024],
      ['10-15', 2024],
      ['01-10', 2025],
      ['03-05', 2025],
    ]);
  });

  it('keeps the last numbered item before the signature lines', () => {
    const text = [
      '某社区工作安排',
      '',
      '一、工作安排',
      '1、3月底前完成人口信息核查。',
      '2、6月份开展文体活动。',
      '3、9月份开展敬老活动。',
      '',
      '社区居委会',
      '2023年12月20日',
    ].join('\n');
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => i.quote),
    ).toEqual(['3月底前完成人口信息核查。', '6月份开展文体活动。', '9月份开展敬老活动。']);
  });

  it('leaves the year of a plan whose title names it', () => {
    const [plan] = extractPlans('2024年社区工作计划\n\n一、工作安排\n1、3月底前完成人口信息核查。\n2、6月份开展邻里节活动。\n\n社区居委会\n2023年5月20日\n');
    expect(plan.items.filter((i) => i.timed).map((i) => i.schedule?.year)).toEqual([2024, 2024]);
  });
});

describe('a preamble that speaks of the plan', () => {
  it('keeps its sentences that set a dated deadline or a cadence of their own, and nothing else of it', () => {
    const text = [
      '关于印发某区文明创建工作方案的通知',
      '各街道、区级各部门:',
      '现将《某区文明创建工作方案》印发给你们,请认真贯彻落实。各单位要结合实际制定本单位实施细则,于2025年4月10日前报区文明办。实施过程中,每月报送一次工作进展情况。',
      '一、工作目标',
      '全面提升城市文明程度。',
    ].join('\n');
    const [plan] = extractPlans(text);
    const timed = plan.items.filter((i) => i.timed);
    expect(timed.map((i) => [i.schedule?.deadline ?? null, i.schedule?.recurrence ?? null])).toEqual([
      ['04-10', null],
      [null, 'monthly'],
    ]);
    expect(timed.some((i) => i.quote.includes('现将'))).toBe(false);
  });

  it('keeps an announced date after a 根据… clause ("根据…安排,学院将于12月底…验收")', () => {
    const text = [
      '关于开展党支部工作验收的通知',
      '各党支部:',
      '根据年度党建工作安排,学院将于2025年12月底对各支部创新项目进行验收。具体事项通知如下:',
      '一、验收内容',
      '支部创新项目的完成情况。',
      '二、验收方式',
      '听取汇报,查阅资料。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => [i.schedule?.deadline, i.schedule?.year])).toEqual([['12-end', 2025]]);
  });
});

describe('headings without numbers', () => {
  it('takes short unpunctuated lines as headings (Word drops automatic numbering) and skips the signature', () => {
    const text = `XX镇人大主席团2024年工作计划

为做好2024年人大工作，特制定本计划。

加强代表工作

组织代表开展一次集中学习培训，3月底前完成。

每季度组织代表开展一次进站接待选民活动。

存在问题

个别代表履职意识不强。

九月份

召开代表小组长会议。

XX镇人大主席团
2024年1月10日
`;
    const [plan] = extractPlans(text);
    expect(plan.items.map((i) => [i.section, i.title, i.timed])).toEqual([
      [['加强代表工作'], '组织代表开展一次集中学习培训，3月底前完成', true],
      [['加强代表工作'], '组织代表开展一次进站接待选民活动', true],
      [[], '召开代表小组长会议', true],
    ]);
    expect(plan.items[2].schedule?.window).toEqual({ start: '09', end: '09' });
    expect(plan.skipped.map((s) => s.reason)).toEqual(['problems', 'empty-heading', 'empty-heading']);
  });
});

describe('hostile input', () => {
  it('never hands the time parser a page-long string', () => {
    let longest = 0;
    const parse = (s: string) => {
      longest = Math.max(longest, s.length);
      return parseSchedule(s);
    };
    extractPlans('3月份开展一次活动,'.repeat(5000), { parse });
    extractPlans('开展工作'.repeat(20000), { parse });
    expect(longest).toBeLessThanOrEqual(4 * MAX_SENTENCE);
  });

  it('keeps a storm of 一是/二是 to one enumeration', () => {
    const items = extractItems('一是加强学习;二是加强监督;'.repeat(3000));
    expect(items.length).toBeLessThan(10);
  });
});

describe('structure, tables and clauses of real plans', () => {
  it('reads a text table row by row with the columns its header names', () => {
    const text = `2024年重点工作任务分解表
序号\t工作任务\t完成时限\t责任单位\t责任人
1\t完成老旧小区改造\t6月底前\t住建局\t张三
2\t开展河道清理\t每季度一次\t水务局\t无
| 序号 | 工作内容 | 时间 | 牵头单位 |
| --- | --- | --- | --- |
| 1 | 召开动员大会 | 3月 | 镇党委办 |
`;
    const [plan] = extractPlans(text);
    expect(plan.title).toBe('2024年重点工作任务分解表');
    expect(
      plan.items.map((i) => [i.title, i.schedule?.deadline ?? i.schedule?.recurrence ?? i.schedule?.window?.start, i.unit, i.owner ?? null, i.tableRow]),
    ).toEqual([
      ['完成老旧小区改造', '06-end', '住建局', '张三', true],
      ['开展河道清理', 'quarterly', '水务局', null, true],
      ['召开动员大会', '03', '镇党委办', null, true],
    ]);
    expect(plan.skipped.filter((s) => s.reason === 'table-header')).toHaveLength(2);
    expect(plan.items.every((i) => i.schedule?.year === 2024)).toBe(true);
  });

  it('takes a row-spanning time cell for the rows below it, and reads dotted dates', () => {
    const text = `周次\t时间\t工作内容
第1周\t9.1-9.7\t开学准备
第2周\t\t教学检查
`;
    const items = extractItems(text);
    expect(items.map((i) => [i.title, i.schedule?.window, i.schedule?.deadline])).toEqual([
      ['开学准备', { start: '09', end: '09' }, '09-07'],
      ['教学检查', { start: '09', end: '09' }, '09-07'],
    ]);
  });

  it('keeps a dated paragraph before the first heading and a numbered line with its own time', () => {
    const text = `每个月开展一次主题党日活动。
一、重点工作
六、6-7月继续开展读书月活动
`;
    const items = extractItems(text);
    expect(items.map((i) => [i.quote, i.schedule?.recurrence ?? i.schedule?.window])).toEqual([
      ['每个月开展一次主题党日活动。', 'monthly'],
      ['6-7月继续开展读书月活动', { start: '06', end: '07' }],
    ]);
  });

  it('keeps a start and its end together, and makes an item of each later clause with its own date', () => {
    const text = [
      '某村春耕生产安排',
      '',
      '一、工作安排',
      '从3月20日开始清理沟渠,4月5日前完成清淤,4月10日前完成育秧,4月15日全面开始插秧。',
      '二、工作要求',
      '各组要加强配合。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => [i.schedule?.window, i.schedule?.deadline])).toEqual([
      [{ start: '03', end: '04' }, '04-05'],
      [null, '04-10'],
      [null, '04-15'],
    ]);
  });

  it('makes two items of two clauses that each name the same time for their own duty', () => {
    const text = [
      '某项目推进安排',
      '',
      '一、进度安排',
      '6月底前完成施工图设计,6月底完成招标文件编制;10月份竣工验收。',
      '二、督办要求',
      '每周一汇总进度,每周一通报排名。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.deadline ?? i.schedule?.window?.start ?? i.schedule?.recurrence)).toEqual([
      '06-end',
      '06-end',
      '10',
      'weekly',
      'weekly',
    ]);
  });

  it('makes two items of two sentences that each name the same day for their own duty', () => {
    const text = [
      '关于劳动节放假期间学生返校工作的通知',
      '',
      '一、返校安排',
      '各学院于5月3日晚组织各班召开班会,并将学生到校情况报学生处。各部门于5月3日晚8:00将本部门教职工到校情况报人事处。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.deadline)).toEqual(['05-03', '05-03']);
  });

  it('splits the cadences of a lead paragraph over a list as well', () => {
    const text = [
      '团支部组织生活制度',
      '',
      '一、三会一课',
      '团支部每季度召开一次团员大会,每月召开一次支委会。团员大会的主要内容:',
      '1、学习党的路线、方针、政策。',
      '2、讨论接收新团员。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.recurrence)).toEqual(['quarterly', 'monthly']);
  });

  it('makes one item per round, per cadence and per listed deadline of a sentence', () => {
    const rounds = extractItems('二、检查安排\n全年开展两轮集中检查，第一轮为3至4月，第二轮为9至10月。\n');
    expect(rounds.map((i) => i.schedule?.window)).toEqual([
      { start: '03', end: '04' },
      { start: '09', end: '10' },
    ]);
    expect(rounds[0].title).toContain('开展两轮集中检查');
    const cadences = extractItems('一、心理健康\n每周三开设“心灵树洞”信箱，每月开展1次心理健康主题班会。\n');
    expect(cadences.map((i) => i.schedule?.recurrence)).toEqual(['weekly', 'monthly']);
    // the later cadence's months (3月…6月) are its own, not the earlier one's
    const themed = extractItems(
      '一、心理健康\n每周三开设“心灵树洞”信箱(由心理教师每日回复),每月开展1次“心理健康主题班会”(3月“情绪管理”、4月“同伴交往”、5月“压力调节”、6月“成长自信”)。\n',
    );
    expect(themed.map((i) => [i.schedule?.recurrence, i.schedule?.window, i.schedule?.times])).toEqual([
      ['weekly', null, null],
      ['monthly', { start: '03', end: '06' }, 1],
    ]);
    // a start and an end are one commitment; a follow-up deadline stays with its item
    expect(extractItems('一、整改\n从4月中旬开始摸底排查，5月10日前完成整改。\n').map((i) => i.schedule?.deadline)).toEqual(['05-10']);
    expect(extractItems('一、评议\n10月份组织代表进行工作评议，年底前督促整改到位。\n')).toHaveLength(1);
  });

  it('never takes a page’s furniture, a notice’s date, a day off or recent news for an item', () => {
    const text = `当前位置 首页 >> 通知公告
发布日期：2024-03-01 浏览次数：120
关于开展安全生产大检查的通知
一、时间安排
1、3月底前完成自查。
2、4/5(五)清明节放假1天
日前，县委召开了全县安全生产工作会议。
二○二四年三月一日
`;
    const [plan] = extractPlans(text);
    expect(plan.title).toBe('关于开展安全生产大检查的通知');
    expect(plan.year).toBe(2024);
    expect(plan.items.filter((i) => i.timed).map((i) => i.quote)).toEqual(['3月底前完成自查。']);
  });
});

describe('school years and flattened tables', () => {
  it('gives a 学年 document the earlier year for August–December and the later for January–July', () => {
    const [spring] = extractPlans('某中学2020-2021学年第二学期校历\n起止日期 | 主要工作 | 责任处室\n3月1日 | 开学典礼 | 教育处\n');
    expect(spring.year).toBe(2021);
    expect(spring.items[0].schedule?.year).toBe(2021);
    const [autumn] = extractPlans('某中学2019-2020学年第一学期工作安排\n时间 | 工作内容 | 责任部门\n9月1日 | 开学典礼 | 教务处\n1月10日 | 期末考试 | 教务处\n');
    expect(autumn.year).toBe(2019);
    expect(autumn.items.map((i) => i.schedule?.year)).toEqual([2019, 2020]);
  });

  it('reads a two-digit year written before a month when the document names no full year', () => {
    const [plan] = extractPlans('德育活动安排表\n周次\t起止日期\t周主题\n预备周\t10年2月26日—2月28日\t开学报到\n第一周\t3月1日—3月7日\t开学典礼\n');
    expect(plan.year).toBe(2010);
    expect(plan.items.every((i) => i.schedule?.year === 2010)).toBe(true);
  });

  it('gives the rows under a merged time cell the time of the row that had it, below the plain rows', () => {
    const text = [
      '某校校历',
      '周次 | 起止日期 | 主要工作 | 责任处室',
      '第一周 | 3月1日-3月7日 | 开学典礼 | 教育处',
      '新学期备课组长会议 | 教务处',
      '第二周 | 3月8日-3月14日 | 清明祭扫 | 团委',
      '三 | 14 | 15 | 16',
    ].join('\n');
    const [plan] = extractPlans(text);
    const continued = plan.items.find((i) => i.quote.startsWith('新学期'))!;
    expect(continued.schedule?.deadline).toBe('03-07');
    expect(continued.confidence).toBeLessThan(plan.items.find((i) => i.quote.startsWith('第一周'))!.confidence);
    expect(continued.notes.join('')).toContain('合并单元格');
    // a calendar grid row (numbers only) inherits nothing
    expect(plan.items.find((i) => i.quote.startsWith('三 |'))?.timed ?? false).toBe(false);
  });

  it('dates a week row\'s task by the day it names itself, not by the week ("7月3日-7月9日 | 7月6日前结束期末考试")', () => {
    const text = [
      '某校校历',
      '周次 | 起止日期 | 备注',
      '第一周 | 2月21日-2月27日 | 2月19日、20日报到',
      '第二周 | 2月28日-3月5日 | 开展卫生大扫除',
      '第二十周 | 7月3日?7月9日 | 7月6日前结束期末考试',
    ].join('\n');
    const [plan] = extractPlans(text);
    const due = (start: string) => plan.items.find((i) => i.quote.includes(start))?.schedule?.deadline;
    expect(due('2月19日')).toBe('02-20');
    expect(due('7月6日')).toBe('07-06');
    // a task without a day of its own keeps the week
    expect(due('大扫除')).toBe('03-05');
  });

  it('reads a time cell spaced out by a web page ("第 一 季 度")', () => {
    const [plan] = extractPlans(
      '目标任务表\n时限 | 工作任务 | 目标及质量要求\n第 一 季 度 | 大气污染防治 | 制定并印发行动计划\n环境安全 | 开展辐射环境安全整治 |\n',
    );
    expect(plan.items.map((i) => i.schedule?.window)).toEqual([
      { start: '01', end: '03' },
      { start: '01', end: '03' },
    ]);
  });
});

describe('a numbered line dated to the day with labelled sections hung under it', () => {
  it('is an item ("3、6月29日,六年级毕业监测" over "温馨提示" and its points)', () => {
    const text = [
      '期末安排如下:',
      '1、6月28日三至五年级期终检测。',
      '2、6月29日,六年级毕业监测,放学时间为12:30。',
      '质量监测安排如下',
      '温馨提示',
      '(一)疫情防控,不可松懈',
      '1、教育孩子减少不必要的聚会。',
    ].join('\n');
    const dated = extractItems(text)
      .filter((i) => i.timed)
      .map((i) => i.schedule?.deadline);
    expect(dated).toEqual(['06-28', '06-29']);
  });
});

describe('a bracketed aside in the past tense', () => {
  it('does not make the dated sentence it sits in a report ("(已报县表彰的对象此次不重复表彰)时间定在6月27日上午")', () => {
    const text = [
      '活动安排',
      '1、召开一次表彰大会。表彰一批优秀共产党员。(具体名额见附表1,已报县表彰的对象此次不重复表彰)时间定在6月27日上午,地点在镇党校。',
      '2、举行一场宣誓仪式。时间定在6月27日上午。',
    ].join('\n');
    const dated = extractItems(text)
      .filter((i) => i.timed)
      .map((i) => i.schedule?.deadline);
    expect(dated).toEqual(['06-27', '06-27']);
  });
});

describe('lines that are not commitments', () => {
  it("leaves out a higher level's requirement restated before the plan's own decision (按照市纪委的要求…。结合我县实际…)", () => {
    const text = [
      '某县工作安排',
      '一、监督制度',
      '1. 村务监督制度,按照市纪委的要求,8月份各县要全面推开。结合我县实际,县纪委决定7月底前全面完成选举工作。',
    ].join('\n');
    const schedules = extractItems(text)
      .filter((i) => i.timed)
      .map((i) => i.schedule);
    expect(schedules).toEqual([expect.objectContaining({ window: null, deadline: '07-end' })]);
    // without the plan's own decision after it, the requirement is the commitment
    const alone = extractItems(['某县工作安排', '一、监督制度', '1. 村务监督制度,按照市纪委的要求,8月份各县要全面推开。'].join('\n')).filter((i) => i.timed);
    expect(alone.map((i) => i.schedule?.window)).toEqual([{ start: '08', end: '08' }]);
  });

  it('skips calendar facts, document metadata and time-only table rows, and keeps a real task beside them', () => {
    const text = ['某校工作安排', '一、工作安排', '1. 4月23日（周日）按周二的课表上课。', '2. 4月10日组织教师开展清明祭扫活动。'].join('\n');
    const [plan] = extractPlans(text);
    expect(plan.items.filter((i) => i.timed).map((i) => i.quote)).toEqual(['4月10日组织教师开展清明祭扫活动。']);
    expect(plan.skipped.some((s) => s.quote.includes('课表') && s.reason === 'background')).toBe(true);
    const [meta] = extractPlans('通知\n| 发文单位:某市人民政府办公室 | 成文日期:2019年03月08日 |\n| 发文字号:某政办〔2019〕11号 | 发布日期:2019年03月08日 |\n');
    expect(meta.items.filter((i) => i.timed)).toEqual([]);
    const [table] = extractPlans('某校校历\n周次 | 起止日期 | 主要工作\n第一周 | 3月1日-3月7日 | 开学典礼\n第二周 | 3月8日-3月14日 | |\n');
    expect(table.items.map((i) => i.title)).toEqual(['开学典礼']);
  });

  it('takes a line whose every clause is a day of the school calendar for a calendar fact, not an item', () => {
    const text = [
      '某中学学期工作安排',
      '一、学期安排',
      '1. 2025年9月1日开学。',
      '2. 学生寒假从1月20日开始至2月16日结束,教师寒假从1月25日开始。',
      '3. 9月3日教职工报到,4日新生正式上课。',
      '4. 10月1日至3日国庆节假期三天',
      '5. 10月15日召开秋季运动会。',
    ].join('\n');
    const [plan] = extractPlans(text);
    expect(plan.items.filter((i) => i.timed).map((i) => i.quote)).toEqual(['9月3日教职工报到,4日新生正式上课。', '10月15日召开秋季运动会。']);
  });

  it('keeps a directive with its own date that a report quotes, and leaves the report around it', () => {
    const text = [
      '某县召开秋季防火工作会议',
      '',
      '近日,县政府召开了全县秋季森林防火工作会议,通报了上半年防火工作情况。会议要求各乡镇于10月底前完成防火隔离带建设。与会人员还观看了警示教育片。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.deadline)).toEqual(['10-end']);
    expect(timed[0].quote).toContain('要求各乡镇于10月底前');
  });

  it("keeps each dated clause of a directive a report quotes, and reads 年初的会议 as the meeting's name", () => {
    const text = [
      '某县出台乡镇人大一年召开两次会议的意见',
      '',
      '近日,县人大常委会印发了意见,决定全县乡镇每年至少召开两次人民代表大会会议。要求年初的会议于3月中旬之前召开,年中的会议于8月中旬之前召开。乡镇人大年初会议议程一般为听取工作报告。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    const dated = timed.filter((i) => i.schedule?.deadline);
    expect(dated.map((i) => [i.schedule?.deadline, i.schedule?.window])).toEqual([
      ['03-20', null],
      ['08-20', null],
    ]);
    expect(dated[1].quote).toBe('年中的会议于8月中旬之前召开。');
  });

  it('keeps a date a report says was decided for a meeting to come, whatever else the sentence did', () => {
    const text = [
      '区人大常委会召开主任会议',
      '',
      '3月10日,区人大常委会召开主任会议。会议听取了有关情况汇报。会议决定区人大常委会第三十二次会议于2020年3月23日上午召开,并讨论了会议相关事项。会议还审议通过了工作要点。',
    ].join('\n');
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => [i.schedule?.deadline, i.schedule?.year]),
    ).toEqual([['03-23', 2020]]);
    // a meeting that was held (举行了) is past news
    expect(extractItems('学校新闻\n\n我校于9月23日上午在礼堂举行了演讲比赛,同学们踊跃参加。评委认真打分。\n').filter((i) => i.timed)).toHaveLength(0);
  });

  it('keeps a requirement (要…) with its own time that a report quotes', () => {
    const text = [
      '县人大召开乡镇人大工作座谈会',
      '',
      '座谈会上,各乡镇人大分别汇报了本年度工作开展情况。会议听取了代表意见。与会人员参观了代表之家。会议通报了上半年工作。要科学谋划,有序开展代表建议办理、年底考评等工作。要优化服务,组织开展好第四季度代表小组活动。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.deadline ?? i.schedule?.window?.start)).toEqual(['12-end', '10']);
  });

  it('skips an applicant’s qualifications in a recruitment notice, and keeps its dated steps', () => {
    const text = [
      '某医院2024年公开招聘公告',
      '一、招聘条件',
      '1.年龄35周岁及以下(1989年1月1日以后出生)。',
      '2.应具备2024年7月31日前正式到岗工作的条件。',
      '二、报名安排',
      '1.报名时间为2024年5月10日至5月20日。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.deadline)).toEqual(['05-20']);
  });

  it('skips the issuer-and-date line that signs a notice', () => {
    const text = [
      '关于开展英语教研活动的通知',
      '各教研组:',
      '学校定于12月10日下午举行英语公开课观摩活动,请各教研组准时参加。',
      '某县实验小学 2024年12月1日',
    ].join('\n');
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => i.schedule?.deadline),
    ).toEqual(['12-10']);
  });

  it('takes a holiday line with a fragment cut off in mid-phrase beside it for a calendar fact, not a ceremony beside the first day', () => {
    expect(isCalendarFact('兴趣班第\n\n1 2 3 4 5 6 7 4/4~6清明节假期三天')).toBe(true);
    expect(isCalendarFact('4/4~6清明节假期三天')).toBe(true);
    expect(isCalendarFact('开学日,新生始业式')).toBe(false);
    expect(isCalendarFact('兴趣班报名,4/4~6清明节假期三天')).toBe(false);
  });

  it('takes a news page’s headline, the line above its 发布日期 line, for the title and not for an item', () => {
    const text = [
      '当前位置 首页 >> 动态要闻',
      '9月份:全体委员投身“履职活动月”',
      '发布日期:2024-08-27 浏览次数:120',
      '每年9月,市政协都组织全体委员集中开展调研视察活动。',
    ].join('\n');
    const [plan] = extractPlans(text);
    expect(plan.title).toBe('9月份:全体委员投身“履职活动月”');
    expect(plan.items.filter((i) => i.timed).map((i) => i.quote)).toEqual(['每年9月,市政协都组织全体委员集中开展调研视察活动。']);
  });

  it('skips the news of an event that took place ("某月某日,…召开…")', () => {
    const text = ['某镇人大工作动态', '', '11月20日上午,镇人大主席团召开代表座谈会,听取代表意见。', '', '镇人大将于12月10日前组织代表开展视察。'].join('\n');
    const [plan] = extractPlans(text);
    expect(plan.items.filter((i) => i.timed).map((i) => i.schedule?.deadline)).toEqual(['12-10']);
  });

  it('skips news opening on a dateline ("本报讯(记者…)3月5日,…举行") and a sentence saying what a day is', () => {
    const text = [
      '某区启动读书月系列活动',
      '本报讯 (记者王某 通讯员李某)4月2日,某区“书香满城”读书月启动仪式在区图书馆举行。',
      '',
      '4月23日,是世界读书日。',
      '',
      '区图书馆将于4月底前组织一次读书分享会。',
    ].join('\n');
    expect(
      extractItems(text)
        .filter((i) => i.timed)
        .map((i) => i.schedule?.deadline),
    ).toEqual(['04-end']);
  });
});

describe('month and quarter blocks', () => {
  it('makes one item of a month label over a list of untimed tasks, and keeps tasks with their own time apart', () => {
    const text = [
      '幼儿园工作计划',
      '三、每月工作重点',
      '九月份:',
      '1、热情接待幼儿。',
      '2、完成园务工作计划。',
      '四月主题:安全伴我行',
      '1、黑板报评比。',
      '2、开展安全知识竞赛活动。',
      '十月份:',
      '1、10月15日召开家长会。',
      '2、11月组织秋游活动。',
    ].join('\n');
    const [plan] = extractPlans(text);
    const sept = plan.items.filter((i) => i.quote.includes('热情接待') || i.quote.includes('园务'));
    expect(sept).toHaveLength(1);
    expect(sept[0].quote.startsWith('九月份')).toBe(true);
    expect(sept[0].schedule?.window).toEqual({ start: '09', end: '09' });
    const april = plan.items.filter((i) => i.quote.includes('黑板报'));
    expect(april).toHaveLength(1);
    expect(april[0].quote).toContain('安全知识竞赛');
    expect(april[0].schedule?.window).toEqual({ start: '04', end: '04' });
    // a task dated outside the block's month is its own item
    expect(plan.items.find((i) => i.quote.includes('秋游'))?.schedule?.window).toEqual({ start: '11', end: '11' });
    expect(plan.items.find((i) => i.quote.includes('家长会'))?.quote.startsWith('十月份')).toBe(false);
  });
});

describe('a page date under the title', () => {
  it('does not date the sections below it', () => {
    const text = [
      '区人大常委会2024年监督工作计划',
      '',
      '2024年02月20日',
      '',
      '一、听取专项工作报告',
      '1.关于城市更新工作情况的报告',
      '2.关于优化营商环境工作情况的报告',
      '二、开展执法检查',
      '6月份对《安全生产法》贯彻实施情况开展执法检查。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => i.schedule?.window?.start)).toEqual(['06']);
    expect(timed[0].quote).toContain('执法检查');
  });
});

describe('a dated task heading over untimed tasks', () => {
  it('is one block item; a heading over tasks with their own dates is not', () => {
    const text = [
      '某村文化活动计划',
      '',
      '一、5月开展农民趣味运动会',
      '1、拔河比赛',
      '2、踢毽子比赛',
      '二、下半年重点工作',
      '1、8月举办纳凉晚会。',
      '2、10月组织重阳敬老活动。',
    ].join('\n');
    const timed = extractItems(text).filter((i) => i.timed);
    expect(timed.map((i) => [i.quote.slice(0, 6), i.schedule?.window?.start])).toEqual([
      ['5月开展农民', '05'],
      ['8月举办纳凉', '08'],
      ['10月组织重', '10'],
    ]);
    expect(timed[0].quote).toContain('踢毽子比赛');
  });
});

describe('activity records written as fields', () => {
  it('makes the 名称 line and its 时间 line one item named by the activity', () => {
    const text = [
      '工会年度活动计划',
      '二、活动安排',
      '1. 第二季度:文体与健康',
      '- 活动名称:春季运动会',
      '- 时间:4月中旬',
      '- 组织趣味运动会,鼓励全员参与。',
    ].join('\n\n');
    const [plan] = extractPlans(text);
    const item = plan.items.find((i) => i.quote.includes('4月中旬'))!;
    expect(item.quote.startsWith('活动名称:春季运动会')).toBe(true);
    expect(item.title).toBe('春季运动会');
    expect(item.line).toBe(7);
    expect(item.schedule?.deadline).toBe('04-20');
    expect(plan.items.filter((i) => i.quote.includes('春季运动会'))).toHaveLength(1);
  });
});

describe('blocks, stages and table cells of real plans', () => {
  const timed = (text: string) => extractItems(text).filter((i) => i.timed);

  it('a numbered period-and-theme line over lines dated inside it is a block title, not an item', () => {
    const items = timed(
      '工会年度活动计划\n二、活动安排\n1. 第二季度:文体与健康\n- 活动名称:春季运动会\n- 时间:4月中旬\n- 组织趣味运动会。\n2. 第三季度:学习与交流\n- 活动名称:技能培训\n- 时间:7月\n',
    );
    expect(items.some((i) => i.quote.includes('第二季度'))).toBe(false);
    expect(items.map((i) => i.schedule?.window?.start)).toEqual(['04', '07']);
  });
  it('month themes over numbered lists at the top level are one item per month', () => {
    const items = timed(
      '德育处月度计划\n四月主题:安全伴我行\n1、黑板报评比。\n2、开展安全知识竞赛活动。\n五月主题:争做合格小公民\n1、当好家庭小帮手活动。\n2、美化校园活动。\n',
    );
    expect(items.map((i) => [i.quote.split('\n')[0], i.schedule?.window])).toEqual([
      ['四月主题:安全伴我行', { start: '04', end: '04' }],
      ['五月主题:争做合格小公民', { start: '05', end: '05' }],
    ]);
  });
  it('a dated stage over the paragraphs done in it is one item', () => {
    const items = timed(
      '活动方案\n四、活动时间安排\n(一) 准备阶段(2月20日-2月28日)\n○ 各支部召开支委会,研究部署。\n○ 制定详细的活动计划。\n(二) 实施阶段(3月1日-3月31日)\n○ 开展志愿服务。\n○ 组织学习。\n',
    );
    expect(items.map((i) => i.schedule?.deadline)).toEqual(['02-28', '03-31']);
  });
  it('a table cell listing tasks that each carry a date gives one item per task', () => {
    const items = timed('教务工作安排表\n周次 | 工作内容 |\n1 | 1.老生报到注册(9月13日) 2.选课-退改选(9月14-18日) 3.汉字测试报名 |\n');
    expect(items.map((i) => [i.quote, i.schedule?.deadline])).toEqual([
      ['1.老生报到注册(9月13日)', '09-13'],
      ['2.选课-退改选(9月14-18日)', '09-18'],
    ]);
  });
  it('a task of a table cell list with two dated clauses is two items', () => {
    const items = timed('教务工作安排表\n周次 | 工作内容 |\n2 | 1. 新生英语分级考试(9月22日),化学水平测试(9月23日) 2.补考、缓考(9月24-25日) |\n');
    expect(items.map((i) => [i.quote, i.schedule?.deadline])).toEqual([
      ['1. 新生英语分级考试(9月22日)', '09-22'],
      ['化学水平测试(9月23日)', '09-23'],
      ['2.补考、缓考(9月24-25日)', '09-25'],
    ]);
  });
  it('two duties of one cadence with different days are two items; a short head sentence joins its duty', () => {
    const items = timed(
      '乡镇统战工作机制\n一是半月一汇报。各乡镇统战委员每半月向党委汇报一次工作。\n二是每月一例会。各乡镇每月召开一次统战工作例会。每月28日前上报当月工作情况。\n',
    );
    expect(items.map((i) => [i.schedule?.recurrence, i.schedule?.times, i.quote.includes('每月28日前')])).toEqual([
      ['semi-monthly', 1, false],
      ['monthly', 1, false],
      ['monthly', null, true],
    ]);
  });
  it('a day without its month after a monthly duty is a day of each month, one item per clause naming one', () => {
    const items = timed(
      '安全工作计划\n一、排查制度\n各村每月至少进行一次安全检查,及时排除隐患。并于15日前将检查情况报镇安监站,安监站汇总后于二十日前上报县应急局。\n',
    );
    expect(items.map((i) => [i.schedule?.recurrence, i.scheduleDetail?.dayOfMonth, i.schedule?.times, i.quote.slice(-8)])).toEqual([
      ['monthly', null, 1, '次安全检查,及时排除隐患。'.slice(-8)],
      ['monthly', 15, null, '将检查情况报镇安监站,'.slice(-8)],
      ['monthly', 20, null, '日前上报县应急局。'.slice(-8)],
    ]);
    // without a monthly duty before it a bare day dates nothing
    expect(timed('安全工作计划\n一、排查制度\n各村开展安全检查。并于15日前将检查情况报镇安监站。\n')).toHaveLength(0);
  });
  it('a stage named with its dates heads its clause; the deadlines in its text are items of their own', () => {
    const items = timed(
      '专项整治方案\n三、时间安排\n(二)集中整治阶段(4月-9月) 各乡镇组织开展集中检查,对发现的问题进行整改,并分别于5月底和8月底报送阶段性报告。\n',
    );
    expect(items.map((i) => [i.schedule?.window, i.schedule?.deadline])).toEqual([
      [{ start: '04', end: '09' }, null],
      [null, '05-end'],
      [null, '08-end'],
    ]);
  });
  it('a list of months the parser cannot join is one item per month, each with the qualifier after the last', () => {
    const items = timed('任务分解方案\n一、进度报送\n各单位要在每季度末(分别在3月、6月、9月和12月底)将完成情况报督查组。\n');
    expect(items.map((i) => [i.schedule?.deadline, i.schedule?.window])).toEqual([
      ['03-end', null],
      ['06-end', null],
      ['09-end', null],
      ['12-end', null],
    ]);
    expect(timed('检查安排\n一、检查\n3月份和9月份各开展一次安全大检查。\n').map((i) => i.schedule?.window)).toEqual([
      { start: '03', end: '03' },
      { start: '09', end: '09' },
    ]);
  });
  it("a several-year plan's stages, some named by a year alone, are one item each; their years are not the plan's", () => {
    const [plan] = extractPlans(
      '三年行动计划\n一、工作步骤\n行动分四个阶段进行,今年4-5月为动员部署阶段、6-12月为排查整治阶段,2021年为集中攻坚阶段,2022年为巩固提升阶段。\n',
    );
    const items = plan.items.filter((i) => i.timed);
    expect(items.map((i) => [i.schedule?.window, i.schedule?.year])).toEqual([
      [{ start: '04', end: '05' }, null],
      [{ start: '06', end: '12' }, null],
      [{ start: '01', end: '12' }, 2021],
      [{ start: '01', end: '12' }, 2022],
    ]);
    expect(plan.year).toBeNull();
  });
  it('duties listed with 、 under one cadence, each with its own count, are one item each; a follow-up after a comma is not', () => {
    const items = timed('团组织生活制度\n一、三会一课\n团支部每季度召开一次团员大会、上一次团课,每月召开一次支委会、两次团小组会。\n');
    expect(items.map((i) => [i.schedule?.recurrence, i.schedule?.times])).toEqual([
      ['quarterly', 1],
      ['quarterly', 1],
      ['monthly', 1],
      ['monthly', 2],
    ]);
    expect(items[1].quote).toMatch(/^上一次团课/);
    // "每年至少召开一次…会议,听一次…汇报": the report is heard at that meeting
    expect(timed('党建工作计划\n一、责任制\n每年至少召开一次党建工作会议,听一次书记述职汇报,研究部署工作。\n')).toHaveLength(1);
  });
  it('a school year named by one year ("2023学年度第二学期") puts the spring term in the next year', () => {
    const [plan] = extractPlans('学期行事历\n2023学年度第二学期幼儿园行事历\n一、工作安排\n1、3月5日开展学雷锋活动。\n');
    expect(plan.items.find((i) => i.timed)?.schedule?.year).toBe(2024);
  });
  it('a time field over a line that is only its value ("二、活动时间" / "2020年4月—5月") dates the notice\'s event', () => {
    const notice =
      '爱国卫生运动主题教育活动通知\n学校决定开展爱国卫生运动活动。\n一、活动主题\n防疫有我，爱卫同行\n二、活动时间\n2020年4月—5月\n三、活动内容\n1. 各班召开主题班会。\n';
    const items = extractPlans(notice)[0].items.filter((i) => i.timed);
    expect(items.map((i) => [i.quote, i.schedule?.window])).toEqual([['2020年4月—5月', { start: '04', end: '05' }]]);
    // a bare date line under a heading that is no time field is still a page's date, not an item
    expect(extractPlans('活动通知\n一、活动主题\n2020年4月—5月\n二、活动内容\n1. 各班召开主题班会。\n')[0].items.filter((i) => i.timed)).toHaveLength(0);
  });
  it('an annex that restates an item\'s time in a time field ("一、论坛时间:6月下旬(周四、五两天)") is not a second item', () => {
    const notice =
      '关于征集论坛论文的通知\n各部门:\n知联会拟于6月下旬举办主题论坛,请于5月30日前报送论文。\n附件:\n论坛方案\n一、论坛时间:6月下旬(周四、五两天)\n二、主办单位:知联会\n';
    const [plan] = extractPlans(notice);
    expect(plan.items.filter((i) => i.timed).map((i) => i.schedule?.deadline)).toEqual(['06-end', '05-30']);
    expect(plan.skipped.find((s) => s.reason === 'restated')?.quote).toMatch(/论坛时间/);
    // a time field with a time of its own is the event's item
    const own = extractPlans(
      '关于举办论坛的通知\n各部门:\n请于5月30日前报送论文。\n附件:\n论坛方案\n一、论坛时间:6月下旬(周四、五两天)\n二、主办单位:知联会\n',
    )[0];
    expect(own.items.filter((i) => i.timed).map((i) => i.schedule?.deadline)).toEqual(['05-30', '06-end']);
  });
  it('a news item\'s "下月中旬" is the month after its date line; without a date line it is not read', () => {
    const news = '镇召开民生工程推进会\n11月27日,正阳关镇召开了民生工程年度推进会。\n会议强调,所有民生工程项目下月中旬要全部竣工完成。\n';
    const [item] = extractPlans(news)[0].items.filter((i) => i.timed);
    expect(item?.schedule).toMatchObject({ window: { start: '12', end: '12' }, deadline: '12-20' });
    expect(extractPlans('民生工程推进方案\n一、工作要求\n所有项目下月中旬要全部竣工完成。\n')[0].items.filter((i) => i.timed)).toHaveLength(0);
  });
  it('a start with no end, said after a span that starts that day ("选举工作从5月15日启动" after "5月15日至7月15日"), is not a second item', () => {
    const plan =
      '换届选举工作方案\n社区在2023年5月15日至7月15日期间依法选举产生新一届人大代表。\n一、时间和步骤\n选举工作从2023年5月15日启动。总体分四个阶段进行。\n';
    const items = extractPlans(plan)[0].items.filter((i) => i.timed);
    expect(items.map((i) => i.schedule?.deadline)).toEqual(['07-15']);
    // said before the span, the start is the item ("5月1日开始执行夏季作息时间表" / "(起止时间:5月1日—9月30日)")
    const switchFirst = '作息时间调整通知\n一、安排\n1、5月1日开始执行夏季作息时间表。\n2、夏季作息时间表(起止时间:5月1日—9月30日)附后。\n';
    expect(extractPlans(switchFirst)[0].items.filter((i) => i.timed)).toHaveLength(2);
  });
  it('an item whose time was read from a document title line sits below the review threshold; a dated entry naming a 简章 does not', () => {
    const notice = '活动通知集\n一、学校活动\n文安县第一小学队列体操比赛通知\n为了推进阳光体育运动,学校定于10月举行队列体操比赛。\n';
    const item = extractPlans(notice)[0].items.find((i) => i.timed);
    expect(item?.confidence).toBeLessThan(0.7);
    expect(item?.notes.some((n) => n.includes('文件标题'))).toBe(true);
    const entry = extractPlans('幼儿园行事历\n一、二月\n2/23发课后才艺简章\n')[0].items.find((i) => i.timed);
    expect(entry?.notes.some((n) => n.includes('文件标题'))).toBe(false);
  });
  it('marks for review a time that only weighs a result (列入年底考核), a bracketed time on its own line, and a calendar day beside a task', () => {
    const conf = (text: string, part: string) =>
      byTitle(
        extractItems(text).filter((i) => i.timed),
        part,
      ).confidence;
    expect(conf('宣传工作计划\n一、信息报送\n各居委会的信息上报数与任务完成情况,列入年底考核内容。\n', '列入年底考核')).toBeLessThan(0.7);
    expect(conf('宣传工作计划\n一、信息报送\n各居委会年底前完成信息上报。\n', '年底前')).toBeGreaterThanOrEqual(0.7);
    expect(conf('作息时间调整通知\n一、安排\n执行夏季作息时间表。\n(起止时间:5月1日—9月30日)\n', '起止时间')).toBeLessThan(0.7);
    expect(conf('寒假工作通知\n一、开学\n2月26日准时上课。请各院(系)做好开学前准备,确保正常教学秩序。\n', '准时上课')).toBeLessThan(0.7);
    expect(conf('寒假工作通知\n一、开学\n2月24日前各院(系)做好开学前准备,确保正常教学秩序。\n', '开学前准备')).toBeGreaterThanOrEqual(0.7);
  });
  it('a numbered line that is a duty with a cadence and a count ("1、每季度开展一次代表小组活动。") is an item over its rounds too', () => {
    const plan = '人大代表小组活动计划\n二、活动时间\n1、每季度开展一次代表小组活动。\n(1)3月中旬主要组织代表学习《代表法》。\n(2)6月中旬组织代表视察。\n';
    const items = extractItems(plan).filter((i) => i.timed);
    expect(items.map((i) => i.schedule?.recurrence ?? i.schedule?.deadline)).toEqual(['quarterly', '03-20', '06-20']);
    // a numbered heading without a count over its dated lines stays a heading
    const heading = '工作计划\n二、活动安排\n1、每季度活动\n(1)3月中旬组织代表学习。\n(2)6月中旬组织代表视察。\n';
    expect(extractItems(heading).filter((i) => i.timed)).toHaveLength(2);
  });
  it("a document whose dates run from one year's end into the next puts its undated December in the earlier year", () => {
    const notice =
      '一、考试时间安排\n1、考查课程考核时间:2014年12月31日到2015年1月10日。\n2、学校组织课程考核时间:2015年1月16日-21日。\n二、试卷送印\n(1)请各位老师在12月19日前交到教科办。\n(2)请各位老师在1月5日前提交成绩。\n';
    const items = extractItems(notice).filter((i) => i.timed);
    expect(byTitle(items, '12月19日').schedule?.year).toBe(2014);
    expect(byTitle(items, '1月5日').schedule?.year).toBe(2015);
    // a document of one year that also names December of the year before keeps its own year
    const plan = '一、工作安排\n1、2024年12月完成上年度总结。\n2、2025年3月召开大会。\n3、2025年10月开展检查。\n4、请在12月19日前报送材料。\n';
    expect(
      byTitle(
        extractItems(plan).filter((i) => i.timed),
        '12月19日',
      ).schedule?.year,
    ).toBe(2025);
  });
  it('已 naming who a later step is for ("已缴费人员…上网打印准考证") does not make the sentence a report', () => {
    expect(tenseOf(tenseScore('已缴费人员在2023年5月18日－5月20日上网下载打印准考证。'))).not.toBe('past');
    expect(tenseOf(tenseScore('已报名的考生须于5月20日前确认。'))).not.toBe('past');
    expect(tenseOf(tenseScore('已完成全部人员的培训。'))).toBe('past');
    const notice = '招聘公告\n二、招聘程序\n4．准考证打印。已缴费人员在2023年5月18日－5月20日上网下载打印准考证。\n';
    expect(extractItems(notice).find((i) => i.timed)?.schedule?.deadline).toBe('05-20');
  });
});
