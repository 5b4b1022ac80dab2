import { parseSchedule } from './parse.js';
import type { Schedule, ScheduleDetail } from './types.js';

const none: Schedule = { window: null, deadline: null, recurrence: null, times: null, year: null };
const s = (partial: Partial<Schedule>): Schedule => ({ ...none, ...partial });
const w = (start: string, end: string) => ({ start, end });

function read(text: string): { schedule: Schedule; detail: ScheduleDetail } {
  const outcome = parseSchedule(text);
  if (!outcome.ok) throw new Error(`expected ${text} to parse: ${outcome.reason}`);
  return { schedule: outcome.schedule, detail: outcome.detail };
}
const scheduleOf = (text: string): Schedule => read(text).schedule;

function failure(text: string): { reason: string; phrase: string } {
  const outcome = parseSchedule(text);
  if (outcome.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(outcome.schedule)}`);
  return outcome;
}

describe('parseSchedule: required examples', () => {
  it('"9—10月份" → window 09..10', () => {
    expect(read('9—10月份')).toEqual({
      schedule: s({ window: w('09', '10') }),
      detail: { startDay: null, dayOfMonth: null, matched: ['9—10月份'], timesUnknown: false },
    });
  });
  it('"每月" → monthly', () => expect(scheduleOf('每月')).toEqual(s({ recurrence: 'monthly' })));
  it('"第四季度" → window 10..12', () => expect(scheduleOf('第四季度')).toEqual(s({ window: w('10', '12') })));
  it('"10底前" → deadline 10-end, no window', () => expect(scheduleOf('10底前')).toEqual(s({ deadline: '10-end' })));
  it('"13月" → a Chinese reason quoting the phrase', () => {
    const f = failure('13月');
    expect(f.phrase).toBe('13月');
    expect(f.reason).toContain('「13月」');
    expect(f.reason).toMatch(/月份/);
  });
  it.each(['0月', '0月份', '十三月', '3-13月', '0月5日', '13月底前'])('%s fails', (text) => {
    expect(failure(text).reason).toContain(`「${text}」`);
  });
  it('"X月份" alone → window X..X', () => expect(scheduleOf('5月份')).toEqual(s({ window: w('05', '05') })));
  it('"3月中旬前" → deadline 03-20', () => expect(scheduleOf('3月中旬前')).toEqual(s({ deadline: '03-20' })));
  it('"每月5日前" → monthly on the 5th', () => {
    const r = read('每月5日前');
    expect(r.schedule).toEqual(s({ recurrence: 'monthly' }));
    expect(r.detail.dayOfMonth).toBe(5);
  });
  it('a sentence without a time expression fails with 未找到时间表达', () => {
    const f = failure('采取定期检查和不定期抽查的方式,督查党员干部职工的上岗守纪');
    expect(f.reason).toMatch(/^未找到时间表达：「采取定期检查/);
    expect(f.reason.length).toBeLessThan(60);
    expect(failure('').reason).toContain('未找到时间表达');
  });
});

describe('parseSchedule: months and ranges', () => {
  it.each([
    ['3—4月份', '03', '04'],
    ['3–4月', '03', '04'],
    ['3－4月', '03', '04'],
    ['3-4月', '03', '04'],
    ['3~4月', '03', '04'],
    ['3～4月', '03', '04'],
    ['三至四月', '03', '04'],
    ['3到4月', '03', '04'],
    ['3月至4月', '03', '04'],
    ['3月份—4月份', '03', '04'],
    ['11-12月', '11', '12'],
    ['十一月份', '11', '11'],
    ['十二月', '12', '12'],
    ['３月', '03', '03'],
    ['12月至次年2月', '12', '02'],
    ['11月至翌年1月', '11', '01'],
    ['12月—2月', '12', '02'],
    ['在3、4月份开展', '03', '04'],
    ['于1、2、3月', '01', '03'],
    ['从7月份开始', '07', '12'],
    ['自3月起', '03', '12'],
    ['前3个月', '01', '03'],
  ])('%s → window %s..%s', (text, start, end) => {
    expect(scheduleOf(text).window).toEqual(w(start, end));
  });

  it('reads "3、5月份" at the start of a line as item 3, May', () => {
    expect(scheduleOf('3、5月份,开展一次主要领导廉政党课活动。').window).toEqual(w('05', '05'));
    expect(scheduleOf('一、\n三、四月份').window).toEqual(w('04', '04'));
  });

  it('reads a list marker glued to a date ("2.2月26日", "5.5月") as the marker, not a decimal', () => {
    expect(scheduleOf('2.2月26日下午，在班级群内讨论交流')).toEqual(s({ deadline: '02-26' }));
    expect(scheduleOf('3.5月底前完成验收')).toEqual(s({ deadline: '05-end' }));
    // a year or a longer number before the dot is no marker
    expect(parseSchedule('2017.11月').ok).toBe(false);
  });
  it('reads a year that names a stage ("2021年为集中攻坚阶段") as that whole year; not 阶段性 or a year alone', () => {
    expect(scheduleOf('2021年为集中攻坚阶段')).toEqual(s({ window: w('01', '12'), year: 2021 }));
    expect(scheduleOf('2022年巩固提升阶段')).toEqual(s({ window: w('01', '12'), year: 2022 }));
    expect(scheduleOf('2019年阶段性成果').window).toBeNull();
    expect(scheduleOf('2021年工作要点').window).toBeNull();
  });
  it('reads no window from a month named after the day that dates the item ("5/16 五月份庆生会")', () => {
    expect(scheduleOf('5/16 五月份庆生会')).toEqual(s({ deadline: '05-16' }));
    expect(scheduleOf('2/25 课照扣款(2-4月)')).toEqual(s({ deadline: '02-25' }));
    expect(scheduleOf('3月15日召开会议,部署4月份工作')).toEqual(s({ deadline: '03-15' }));
    // a deadline (前) inside a month named after it keeps both, as before
    expect(scheduleOf('于3月15日前完成,3月份')).toEqual(s({ window: w('03', '03'), deadline: '03-15' }));
  });
  it('reads months in a row, each with its theme in quotes, as one window ("3月“情绪管理”、4月“同伴交往”")', () => {
    expect(scheduleOf('每月开展1次主题班会(3月“情绪管理”、4月“同伴交往”、5月“压力调节”、6月“成长自信”)')).toEqual(
      s({ window: w('03', '06'), recurrence: 'monthly', times: 1 }),
    );
    // not in a row: no such window (the first month is read, as before)
    expect(scheduleOf('3月“学雷锋月”、5月“安全月”').window).toEqual(w('03', '03'));
  });
  it('does not read a heading over each month\'s content ("每月工作重点", "附每月教育主題:") as monthly', () => {
    expect(parseSchedule('三、每月工作重点').ok).toBe(false);
    expect(parseSchedule('附每月教育主題:').ok).toBe(false);
    expect(scheduleOf('每月工作重点\n九月份:')).toEqual(s({ window: w('09', '09') }));
    // a duty with the same words is still monthly
    expect(scheduleOf('每月安排一次家长开放日').recurrence).toBe('monthly');
    expect(scheduleOf('每月重点检查一次').recurrence).toBe('monthly');
  });
  it('refuses a list of months that are not next to each other', () => {
    expect(failure('分别于3、9月召开').reason).toContain('「3、9月」');
    expect(failure('3月份和9月份各开展一次').reason).toContain('「3月份和9月份」');
    expect(scheduleOf('3月和4月各开展一次')).toEqual(s({ window: w('03', '04'), times: 1 }));
    expect(scheduleOf('三月、四月')).toEqual(s({ window: w('03', '04') }));
  });

  it('refuses ranges that are empty or longer than a year', () => {
    expect(failure('3月至3月').reason).toContain('起止月份相同');
    expect(failure('3月至次年5月').reason).toContain('超过一年');
    expect(failure('9月8日至2日').reason).toContain('早于');
  });

  it('does not read "x月" or counts of months as months', () => {
    expect(parseSchedule('于x月召开').ok).toBe(false);
    expect(failure('于x月x日召开').reason).toContain('「x月x日」');
    expect(parseSchedule('坚持三个月').ok).toBe(false);
    expect(parseSchedule('共2013月').ok).toBe(false);
  });

  it('reads blanks between the parts, and long runs of blanks are read (a regex blow-up would time the test out)', () => {
    expect(scheduleOf('3 月 25 日')).toEqual(s({ deadline: '03-25' }));
    expect(parseSchedule(`3月5${' '.repeat(5000)}x`).ok).toBe(true);
  });
});

describe('parseSchedule: days', () => {
  it.each([
    ['3月25日', s({ deadline: '03-25' }), null],
    ['3月25号', s({ deadline: '03-25' }), null],
    ['三月二十五日', s({ deadline: '03-25' }), null],
    ['3月25日前', s({ deadline: '03-25' }), null],
    ['2024年3月25日', s({ deadline: '03-25', year: 2024 }), null],
    ['2023-08-26', s({ deadline: '08-26', year: 2023 }), null],
    ['2024/3/5', s({ deadline: '03-05', year: 2024 }), null],
    ['3月25日至4月10日', s({ window: w('03', '04'), deadline: '04-10' }), '03-25'],
    ['9月2日至8日', s({ window: w('09', '09'), deadline: '09-08' }), '09-02'],
    ['9月2-8日', s({ window: w('09', '09'), deadline: '09-08' }), '09-02'],
    ['12月7日起至2月8日', s({ window: w('12', '02'), deadline: '02-08' }), '12-07'],
    ['12月7日至次年2月8日', s({ window: w('12', '02'), deadline: '02-08' }), '12-07'],
    ['3月至4月10日', s({ window: w('03', '04'), deadline: '04-10' }), null],
    ['3月上旬', s({ window: w('03', '03'), deadline: '03-10' }), '03-01'],
    ['3月中旬', s({ window: w('03', '03'), deadline: '03-20' }), '03-11'],
    ['3月下旬', s({ window: w('03', '03'), deadline: '03-end' }), '03-21'],
    ['3月初', s({ window: w('03', '03'), deadline: '03-10' }), '03-01'],
    ['3月上旬前', s({ deadline: '03-10' }), null],
    ['3月下旬前', s({ deadline: '03-end' }), null],
    ['10月底前', s({ deadline: '10-end' }), null],
    ['10月底', s({ deadline: '10-end' }), null],
    ['10月末', s({ deadline: '10-end' }), null],
    ['10月前', s({ deadline: '10-end' }), null],
    ['10月份以前', s({ deadline: '10-end' }), null],
    ['2月29日', s({ deadline: '02-29' }), null],
  ])('%s', (text, schedule, startDay) => {
    const r = read(text);
    expect(r.schedule).toEqual(schedule);
    expect(r.detail.startDay).toBe(startDay);
  });

  it('keeps the time of day as information', () => {
    expect(read('5月22日下午4点半').detail).toMatchObject({ timeOfDay: '16:30', matched: ['5月22日下午4点半'] });
    expect(read('3月5日上午9:30').detail.timeOfDay).toBe('09:30');
  });

  it('31日 of a 30-day month is its last day (writers mean the month end), as a deadline too', () => {
    expect(read('9月31日前').schedule).toEqual(read('9月底前').schedule);
    expect(read('4月31日').schedule).toEqual(read('4月底').schedule);
    expect(read('8月下旬至9月31日').schedule).toEqual(read('8月下旬至9月底').schedule);
  });

  it.each(['4月32日', '2月30日', '3月32日', '3月0日', '2025-02-29'])('%s is not a day', (text) => {
    expect(failure(text).reason).toContain(`「${text}」`);
  });
});

describe('parseSchedule: quarters, halves, the year', () => {
  it.each([
    ['第一季度', s({ window: w('01', '03') })],
    ['一季度', s({ window: w('01', '03') })],
    ['二季度', s({ window: w('04', '06') })],
    ['第3季度', s({ window: w('07', '09') })],
    ['四季度', s({ window: w('10', '12') })],
    ['Q2', s({ window: w('04', '06') })],
    ['一至三季度', s({ window: w('01', '09') })],
    ['前三季度', s({ window: w('01', '09') })],
    ['前2个季度', s({ window: w('01', '06') })],
    ['第一季度末', s({ deadline: '03-end' })],
    ['三季度末前', s({ deadline: '09-end' })],
    ['季度末', s({ recurrence: 'quarterly' })],
    ['上半年', s({ window: w('01', '06') })],
    ['下半年', s({ window: w('07', '12') })],
    ['上半年前', s({ deadline: '06-end' })],
    ['全年', s({ window: w('01', '12') })],
    ['年内', s({ window: w('01', '12') })],
    ['代表一年中至少向选民述职一次', s({ window: w('01', '12'), times: 1 })],
    ['年初', s({ window: w('01', '01') })],
    ['年初的会议于3月中旬之前召开', s({ deadline: '03-20' })],
    ['年初的时候召开', s({ window: w('01', '01') })],
    ['年底前', s({ deadline: '12-end' })],
    ['年底', s({ deadline: '12-end' })],
    ['年末', s({ deadline: '12-end' })],
    ['2024年底前', s({ deadline: '12-end', year: 2024 })],
    ['2018年', s({ year: 2018 })],
    ['2018年度', s({ year: 2018 })],
    ['二〇一八年', s({ year: 2018 })],
    ['20xx年', s({})],
    ['xxxx年', s({})],
    ['20xx-20xx年', s({})],
    ['2018年下半年', s({ window: w('07', '12'), year: 2018 })],
  ])('%s', (text, schedule) => {
    expect(scheduleOf(text)).toEqual(schedule);
  });

  it('refuses quarters that do not exist', () => {
    expect(failure('第五季度').reason).toContain('「第五季度」');
  });

  it('reads 明年 and 次年 as "the year after the plan\'s", not as a known year', () => {
    const r = read('明年3月');
    expect(r.schedule).toEqual(s({ window: w('03', '03') }));
    expect(r.detail.yearOffset).toBe(1);
    expect(read('今年上半年').detail.yearOffset).toBeUndefined();
  });

  it('does not read 全年 naming a noun ("全年工作", "对全年活动进行安排") as a time, but reads 全年 over a task', () => {
    expect(parseSchedule('对全年活动进行安排').ok).toBe(false);
    expect(parseSchedule('做好全年度工作总结').ok).toBe(false);
    expect(scheduleOf('全年开展两轮检查')).toEqual(s({ window: w('01', '12') }));
    expect(scheduleOf('全年度组织学习6次')).toEqual(s({ window: w('01', '12'), times: 6 }));
  });

  it('starts what begins once a time is past ("3月底…完成后,开始…") after it, in the next month for a month end', () => {
    expect(read('待前期调查3月底完成后,开始组织施工,力争在6月底全部完工')).toMatchObject({
      schedule: s({ window: w('04', '06'), deadline: '06-end' }),
      detail: { startDay: '04-01' },
    });
    // without the start word it stays a deadline followed by another
    expect(scheduleOf('3月底完成调查')).toEqual(s({ deadline: '03-end' }));
  });

  it('does not read a cadence of events someone takes part in ("参加每学期…组织的选课") as a recurrence', () => {
    expect(parseSchedule('学生必须参加每学期学校组织的网上选课').ok).toBe(false);
    expect(scheduleOf('每学期组织一次网上选课')).toEqual(s({ recurrence: 'per-semester', times: 1 }));
  });

  it('does not count the one event that fills a span of days ("1月9日至11日进行一次") as times', () => {
    expect(scheduleOf('2008年1月9日至11日进行一次').times).toBeNull();
    expect(scheduleOf('7月3日至7月7日进行一次').times).toBeNull();
    // more than one in the span, a cadence inside it, or a month's "一次" still count
    expect(scheduleOf('3月5日至10日开展两次检查').times).toBe(2);
    expect(scheduleOf('5月1日至5月31日每周检查一次')).toMatchObject({ recurrence: 'weekly', times: 1 });
    expect(scheduleOf('六月中旬召开一次').times).toBe(1);
  });

  it('ends a span of days at a later day of the same month added after it ("1月10日内及11日白天")', () => {
    expect(scheduleOf('考核时间:2014年12月31日到2015年1月10日内及11日白天')).toMatchObject({ window: w('12', '01'), deadline: '01-11' });
    expect(scheduleOf('2015年1月12日-15日全天及11日-21日晚上')).toMatchObject({ window: w('01', '01'), deadline: '01-21' });
    // an earlier day, or a day of another month, does not move the end
    expect(scheduleOf('5月10日至12日及8日上午').deadline).toBe('05-12');
    expect(scheduleOf('5月10日至12日及6月3日').deadline).not.toBe('05-03');
  });

  it('reads a month\'s event followed by 之前 ("在8月份正式命名之前") as due by that month\'s end', () => {
    expect(scheduleOf('但在8月份正式命名之前我们还要做好宣传工作')).toEqual(s({ deadline: '08-end' }));
    expect(scheduleOf('在5月份验收之前完成整改')).toEqual(s({ deadline: '05-end' }));
    // the month alone, or the month of an event with no 之前, is still a window
    expect(scheduleOf('在3月份召开大会')).toEqual(s({ window: w('03', '03') }));
    // a time conceded as past (虽然…,但…) gives way to the one after 但
    expect(scheduleOf('虽然1月份顺利地通过了测评考核工作,但在8月份正式命名之前还要做好宣传')).toEqual(s({ deadline: '08-end' }));
    expect(scheduleOf('虽然任务重,但3月份要完成')).toEqual(s({ window: w('03', '03') }));
  });

  it('does not read a month inside a quoted name or slogan ("“庆国庆,九月放歌”") as the time', () => {
    expect(parseSchedule('参加“庆国庆,九月放歌”校园艺术节').ok).toBe(false);
    // a month outside the quotes is still read
    expect(scheduleOf('“九月放歌”艺术节于10月举行')).toEqual(s({ window: w('10', '10') }));
    expect(scheduleOf('9月参加“庆国庆”文艺汇演')).toEqual(s({ window: w('09', '09') }));
  });

  it('reads a span up to the Spring Festival ("年底至2005年春节前") as crossing the year end to February, with no day', () => {
    expect(scheduleOf('第三阶段(年底至2005年春节前)为总结验收阶段')).toEqual(s({ window: w('12', '02'), year: 2005 }));
    expect(scheduleOf('第三階段 ( 年年底至 2005 年春節前)為總結驗收階段')).toEqual(s({ window: w('12', '02'), year: 2005 }));
    expect(scheduleOf('12月至春节前开展走访慰问')).toEqual(s({ window: w('12', '02') }));
    // a spring month before the festival is no span into next year; the festival alone stays unsupported
    expect(scheduleOf('3月至春节前')).toEqual(s({ window: w('03', '03') }));
    expect(parseSchedule('春节前开展慰问').ok).toBe(false);
  });

  it('does not take a year inside a quoted name or theme ("“办好2010年中国上海世博会”") as the time\'s year', () => {
    expect(scheduleOf('拟于6月下旬举办论坛,围绕“办好2010年中国上海世博会”的主题撰写论文')).toEqual(s({ window: w('06', '06'), deadline: '06-end' }));
    // a year outside the quotes is still read
    expect(scheduleOf('2010年6月下旬举办“世博”论坛')).toEqual(s({ window: w('06', '06'), deadline: '06-end', year: 2010 }));
  });

  it('reads a weekly cadence on several weekdays ("每周一、四") as that many times a week', () => {
    expect(scheduleOf('一般信息每周一、四主动报网格长')).toEqual(s({ recurrence: 'weekly', times: 2 }));
    expect(scheduleOf('每周二和周四值班')).toEqual(s({ recurrence: 'weekly', times: 2 }));
    expect(scheduleOf('每周一、三、五下午开展活动')).toEqual(s({ recurrence: 'weekly', times: 3 }));
    // one weekday gives no count; a grade after the list is not a weekday
    expect(scheduleOf('每周一排名')).toEqual(s({ recurrence: 'weekly' }));
    expect(scheduleOf('每周一、二年级开展阅读').times).toBeNull();
  });

  it('reads a yearly round named by a fixed-day festival ("每年“七一”前后") as that month, a one-off one as unsupported', () => {
    expect(scheduleOf('每年“七一”前后集中安排一次党课')).toEqual(s({ window: w('07', '07'), recurrence: 'yearly', times: 1 }));
    expect(scheduleOf('每年国庆节期间开展安全检查')).toMatchObject({ window: w('10', '10'), recurrence: 'yearly' });
    expect(failure('七一前后评比表彰先进').reason).toContain('节日');
    // a lunar festival has no fixed month
    expect(parseSchedule('每年春节前后走访慰问').ok && scheduleOf('每年春节前后走访慰问').window).toBeFalsy();
  });

  it('does not read 近年内, 五年内 or 去年底 as this year', () => {
    expect(parseSchedule('在近年内,努力改善校园环境').ok).toBe(false);
    expect(parseSchedule('制定我校近五年内办学条件发展方向').ok).toBe(false);
    expect(parseSchedule('截至去年底').ok).toBe(false);
    expect(parseSchedule('近一年中,学校发展较快').ok).toBe(false);
    // a span up to now dates past work, not the item
    expect(scheduleOf('2017年以来,要求主席团每月开展一次联席活动').year).toBeNull();
    expect(parseSchedule('2017年至今').ok).toBe(false);
  });
});

describe('parseSchedule: recurrences and counts', () => {
  it.each([
    ['每周', s({ recurrence: 'weekly' })],
    ['每星期', s({ recurrence: 'weekly' })],
    ['每个礼拜', s({ recurrence: 'weekly' })],
    ['每半月', s({ recurrence: 'semi-monthly' })],
    ['每旬电话调度一次节点推进情况', s({ recurrence: 'monthly', times: 3 })],
    ['每旬调度两次', s({ recurrence: 'monthly', times: 6 })],
    ['每旬通报', s({ recurrence: 'monthly', times: 3 })],
    ['每半个月', s({ recurrence: 'semi-monthly' })],
    ['每月', s({ recurrence: 'monthly' })],
    ['每个月', s({ recurrence: 'monthly' })],
    ['按月', s({ recurrence: 'monthly' })],
    ['每季度', s({ recurrence: 'quarterly' })],
    ['每季', s({ recurrence: 'quarterly' })],
    ['每季度末', s({ recurrence: 'quarterly' })],
    ['每半年', s({ recurrence: 'half-yearly' })],
    ['每学期', s({ recurrence: 'per-semester' })],
    ['每年', s({ recurrence: 'yearly' })],
    ['每年度', s({ recurrence: 'yearly' })],
    ['每月开展一次', s({ recurrence: 'monthly', times: 1 })],
    ['每季度开展一次', s({ recurrence: 'quarterly', times: 1 })],
    ['每周两次', s({ recurrence: 'weekly', times: 2 })],
    ['每週兩次', s({ recurrence: 'weekly', times: 2 })],
    ['每月3次', s({ recurrence: 'monthly', times: 3 })],
    ['每学期二次以上', s({ recurrence: 'per-semester', times: 2 })],
    ['每年不少于两次', s({ recurrence: 'yearly', times: 2 })],
    ['一月一次', s({ recurrence: 'monthly', times: 1 })],
    ['一个季度一次', s({ recurrence: 'quarterly', times: 1 })],
    ['半年一次', s({ recurrence: 'half-yearly', times: 1 })],
    ['半月一次', s({ recurrence: 'semi-monthly', times: 1 })],
    ['每年3月', s({ recurrence: 'yearly', window: w('03', '03') })],
    ['3—6月每月', s({ recurrence: 'monthly', window: w('03', '06') })],
    // issues of a periodical after its cadence, and counts of people-times
    ['每周出版两期简报', s({ recurrence: 'weekly', times: 2 })],
    ['宣传栏每半月一期', s({ recurrence: 'semi-monthly', times: 1 })],
    ['每年举办一期工程管理培训', s({ recurrence: 'yearly' })],
    ['每季度走访群众不少于20人次', s({ recurrence: 'quarterly', times: 20 })],
  ])('%s', (text, schedule) => {
    expect(scheduleOf(text)).toEqual(schedule);
  });

  it('reads intervals of months that are a recurrence, and refuses others', () => {
    expect(scheduleOf('每三个月开展一次')).toEqual(s({ recurrence: 'quarterly', times: 1 }));
    expect(scheduleOf('每6个月')).toEqual(s({ recurrence: 'half-yearly' }));
    expect(scheduleOf('每12个月')).toEqual(s({ recurrence: 'yearly' }));
    // every two weeks is scheduled as twice a month, the nearest period ducha has
    expect(scheduleOf('每两周召开一次')).toEqual(s({ recurrence: 'semi-monthly', times: 1 }));
    expect(scheduleOf('隔周开展')).toEqual(s({ recurrence: 'semi-monthly' }));
    expect(failure('每3周').reason).toContain('「每3周」');
    expect(failure('每2个月').reason).toContain('「每2个月」');
    expect(failure('隔月报送').reason).toContain('「隔月」');
  });

  it('reads the day of a weekly or monthly item', () => {
    expect(read('每周一').detail.weekday).toBe(1);
    expect(read('每周五下午').detail.weekday).toBe(5);
    expect(read('每周日').detail.weekday).toBe(7);
    expect(read('每周一次').detail.weekday).toBeUndefined();
    expect(read('每月25号').detail.dayOfMonth).toBe(25);
    expect(read('每月的10日前').detail.dayOfMonth).toBe(10);
    expect(read('每月中旬').detail.dayOfMonth).toBe(20);
    expect(read('每月底前').detail.dayOfMonth).toBeNull();
    expect(failure('每月32日前').reason).toContain('「每月32日前」');
  });

  it('reads "x次" as a count that is not known yet', () => {
    const r = read('每月组织人大代表开展走访交流慰问活动x次');
    expect(r.schedule).toEqual(s({ recurrence: 'monthly' }));
    expect(r.detail).toMatchObject({ timesUnknown: true, matched: ['每月', 'x次'] });
    expect(read('每季度xx次').detail.timesUnknown).toBe(true);
  });

  it('marks a count that is a minimum', () => {
    expect(read('每学期二次以上').detail.timesAtLeast).toBe(true);
    expect(read('每月一次').detail.timesAtLeast).toBeUndefined();
  });

  it('does not read ordinals or 一次性 as counts', () => {
    expect(scheduleOf('于1月21日召开了第十四届人民代表大会第二次会议').times).toBeNull();
    expect(scheduleOf('3月25日,针对人民代表大会二次会议期间代表提出的议案').times).toBeNull();
    expect(scheduleOf('第四季度召开乡十一届五次人大工作例会').times).toBeNull();
    expect(scheduleOf('3月份一次性完成').times).toBeNull();
  });

  it('takes only a count that follows the time expression', () => {
    expect(scheduleOf('一年召开不少于两次人代会的,拟在第四季度召开').times).toBeNull();
    expect(scheduleOf('3—4月份,开展一次廉政风险防控建设专题教育活动').times).toBe(1);
  });

  it('refuses daily items and festival dates, unless something else is dated', () => {
    expect(failure('确保每天至少一名党政班子成员在岗值班').reason).toContain('「每天」');
    expect(failure('每日报送').reason).toContain('「每日」');
    expect(failure('国庆节前完成').reason).toContain('「国庆节前」');
    expect(scheduleOf('学校要天天、周周、月月对学生进行安全教育,每学期都要进行二次以上的安全讲座')).toEqual(s({ recurrence: 'per-semester', times: 2 }));
  });
});

describe('parseSchedule: combining several expressions', () => {
  it('keeps the first window and ignores later ones', () => {
    expect(read('11—12月份,全年党风廉政建设对学习教育活动存在问题,进行总结与整改。')).toMatchObject({
      schedule: s({ window: w('11', '12') }),
      detail: { matched: ['11—12月份'] },
    });
    expect(scheduleOf('下半年,我镇将紧紧围绕年初提出的奋斗目标')).toEqual(s({ window: w('07', '12') }));
  });

  it('adds a deadline that lies inside the window, and ignores one outside it', () => {
    expect(scheduleOf('3—4月份开展,4月10日前完成')).toEqual(s({ window: w('03', '04'), deadline: '04-10' }));
    expect(scheduleOf('3—4月份开展,10月底前完成')).toEqual(s({ window: w('03', '04') }));
    expect(scheduleOf('10月底前完成,第四季度验收')).toEqual(s({ window: w('10', '12'), deadline: '10-end' }));
  });

  it('joins touching phrases in matched and quotes the input as written', () => {
    expect(read('２０２４年３月２５日前').detail.matched).toEqual(['２０２４年３月２５日前']);
    expect(read('20xx年下半年工作总体思路').detail.matched).toEqual(['20xx年下半年']);
  });

  it('reads full-width, ASCII and traditional text alike', () => {
    expect(read('３－４月份，開展兩次')).toEqual({
      schedule: scheduleOf('3-4月份,开展两次'),
      detail: { ...read('3-4月份,开展两次').detail, matched: ['３－４月份', '兩次'] },
    });
    expect(scheduleOf('每學期舉辦兩次')).toEqual(s({ recurrence: 'per-semester', times: 2 }));
  });

  it('a malformed expression anywhere fails the whole text', () => {
    expect(failure('3—4月份开展,13月验收').phrase).toBe('13月');
  });

  it('reads past-tense reports too (the importer decides what is a commitment)', () => {
    expect(scheduleOf('4月22日,县武装部在我镇顺利召开全县民兵整组示范点工作会议。')).toEqual(s({ deadline: '04-22' }));
  });
});

describe('parseSchedule: runs of quarters, two-part dekads, recognised-but-unsupported, long text', () => {
  it.each([
    ['第二、三季度开展专题调研', '04', '09'],
    ['二、三季度', '04', '09'],
    ['第一至第二季度', '01', '06'],
    ['第三、四季度', '07', '12'],
    ['在一、二、三季度', '01', '09'],
    ['第二季度、第三季度', '04', '09'],
  ])('a run of quarters %s joins into one window %s..%s', (text, start, end) => {
    expect(scheduleOf(text)).toEqual(s({ window: w(start, end) }));
  });
  it('refuses a list of quarters that are not adjacent', () => {
    expect(failure('第一、三季度').reason).toContain('「第一、三季度」');
  });
  it('a run of quarters inside a sentence joins too', () => {
    expect(read('今年第二、三季度,每月开展一次').detail.matched).toEqual(['今年第二、三季度', '每月', '一次']);
  });

  it('"11月中下旬" → 11..11, from the 11th to the month end', () => {
    expect(read('于11月中下旬召开全镇总结会')).toMatchObject({
      schedule: s({ window: w('11', '11'), deadline: '11-end' }),
      detail: { startDay: '11-11', matched: ['11月中下旬'] },
    });
  });
  it('"3月上中旬" → 03..03, from the 1st to the 20th', () => {
    expect(read('3月上中旬完成')).toMatchObject({ schedule: s({ window: w('03', '03'), deadline: '03-20' }), detail: { startDay: '03-01' } });
    expect(scheduleOf('3月上中旬前完成')).toEqual(s({ deadline: '03-20' }));
    expect(read('3月下旬')).toMatchObject({ schedule: s({ window: w('03', '03'), deadline: '03-end' }), detail: { startDay: '03-21' } });
  });

  it.each([
    ['开学初召开家长会', '开学初'],
    ['开学前', '开学前'],
    ['国庆节前完成', '国庆节前'],
    ['春节前后走访慰问', '春节前后'],
    ['每天巡查', '每天'],
    ['每日报送', '每日'],
  ])('%s is recognised but not supported yet', (text, phrase) => {
    const f = failure(text);
    expect(f.phrase).toBe(phrase);
    expect(f.reason).toContain(`「${phrase}」`);
    expect(f.reason).toMatch(/已识别.*暂不支持/);
    expect(f.reason).not.toContain('未找到时间表达');
  });

  it('reads a 200 KB sentence in one piece (the scanner stays linear)', () => {
    const long = `${'3月'.repeat(50_000)}${'推进各项工作,'.repeat(15_000)}第二、三季度开展专题调研`;
    expect(long.length).toBeGreaterThan(200_000);
    const r = read(long);
    expect(r.schedule).toEqual(s({ window: w('03', '03') }));
    expect(r.detail.matched).toEqual(['3月']);
    const tail = read(`${'推进各项工作,'.repeat(30_000)}于11月中下旬召开,每季度一次`);
    expect(tail.schedule).toEqual(s({ window: w('11', '11'), deadline: '11-end', recurrence: 'quarterly', times: 1 }));
  });
});

describe('parseSchedule: a start and an end, placeholder years, ranges of counts', () => {
  it.each([
    ['从4月中旬开始摸底排查，5月10日前完成整改', s({ window: w('04', '05'), deadline: '05-10' })],
    ['6月开工,年底竣工', s({ window: w('06', '12'), deadline: '12-end' })],
    ['3月15日起开展排查，6月底前全面完成', s({ window: w('03', '06'), deadline: '06-end' })],
    ['8月下旬~9月开展复查', s({ window: w('08', '09') })],
    ['自9月初至11月底开展专项整治', s({ window: w('09', '11'), deadline: '11-end' })],
    ['10月上旬至11月中旬开展评估', s({ window: w('10', '11'), deadline: '11-20' })],
    ['4月中旬至5月10日', s({ window: w('04', '05'), deadline: '05-10' })],
    ['20**年5月召开会议', s({ window: w('05', '05') })],
    ['XX年6月底前完成验收', s({ deadline: '06-end' })],
    ['每学年开展一次评比', s({ recurrence: 'yearly', times: 1 })],
    ['每月开展1-2次巡查', s({ recurrence: 'monthly', times: 1 })],
  ])('%s', (text, schedule) => {
    expect(scheduleOf(text)).toEqual(schedule);
  });

  it('keeps a window and an unrelated later deadline apart when nothing names a start', () => {
    expect(scheduleOf('上半年召开会议，10月底前报送总结')).toEqual(s({ window: w('01', '06') }));
    expect(read('从4月中旬开始，5月10日前完成').detail.startDay).toBe('04-11');
    expect(read('每月开展1-2次').detail.timesAtLeast).toBe(true);
  });
});

describe('parseSchedule: start–end clauses and listed days', () => {
  it('a range with times of day: "4月18日9:00－4月24日16:00" → 04..04, due 04-24', () =>
    expect(scheduleOf('时间：2023年4月18日9:00－4月24日16:00')).toEqual(s({ window: w('04', '04'), deadline: '04-24', year: 2023 })));
  it('a year written before the second end does not make it cross the year end', () => {
    expect(scheduleOf('报名自2023年4月3日-2023年4月20日止')).toEqual(s({ window: w('04', '04'), deadline: '04-20', year: 2023 }));
    expect(scheduleOf('(xxxx年4月26日—xxxx年5月7日)')).toEqual(s({ window: w('04', '05'), deadline: '05-07' }));
    expect(scheduleOf('(20xx年12月28日—xxxx年2月28日)')).toEqual(s({ window: w('12', '02'), deadline: '02-28' }));
  });
  it('"11月至12月底前" → 11..12, due 12-end; "9月至10月中旬" → due 10-20', () => {
    expect(scheduleOf('完成时间11月至12月底前')).toEqual(s({ window: w('11', '12'), deadline: '12-end' }));
    expect(scheduleOf('9月至10月中旬')).toEqual(s({ window: w('09', '10'), deadline: '10-20' }));
  });
  it('listed days of a month are one period due on the last: "2月19日、20日"', () =>
    expect(read('2月19日、20日报到')).toMatchObject({ schedule: s({ window: w('02', '02'), deadline: '02-20' }), detail: { startDay: '02-19' } }));
  it('a start with no end keeps its own deadline: "5月上旬开工兴建" → due 05-10', () =>
    expect(scheduleOf('5月上旬开工兴建')).toEqual(s({ window: w('05', '05'), deadline: '05-10' })));
  it('a start and an end still make one period', () =>
    expect(scheduleOf('从4月中旬开始,5月10日前完成')).toEqual(s({ window: w('04', '05'), deadline: '05-10' })));
  it('a rough time explained in brackets reads as the bracketed one: "年初(3—4月)", "年末(12月)"', () => {
    expect(scheduleOf('分别在年初(3—4月)')).toEqual(s({ window: w('03', '04') }));
    expect(scheduleOf('年末(12月)组织各专门委员会')).toEqual(s({ window: w('12', '12') }));
    expect(scheduleOf('2月20日(星期一)')).toEqual(s({ deadline: '02-20' }));
  });
  it('school-calendar days listed with weekdays: "4/16(四)、4/17(五)期中考"; fractions stay fractions', () => {
    expect(scheduleOf('4/16(四)、4/17(五)期中考')).toEqual(s({ window: w('04', '04'), deadline: '04-17' }));
    expect(parseSchedule('1/3、2/3的人').ok).toBe(false);
  });
});
