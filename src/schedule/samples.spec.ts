/**
 * Every dated phrase of the seven sample plans (test/fixtures/township-work-plans.txt, a copy of
 * /work/shared/samples/township-work-plans.txt) with the exact Schedule it is read as.
 *
 * The sentence table lists every clause of the file (split at 。;！？ and line ends) that holds a
 * time expression; the last test checks that no other clause does, so a change to the parser
 * that reads something new (or stops reading something) in the samples shows up here.
 *
 * Choices worth knowing (see parse.ts and expand.ts for the reasons):
 * - a past-tense report with a date is still dated ("4月22日,县武装部…召开" → deadline 04-22);
 * - a single date is a deadline without a window; a range of days is a window with a start day;
 * - "10底前" (月 left out) → deadline "10-end", no window; the task starts on 1 January;
 * - the first window wins ("11—12月份,全年…" → 11..12; "年初…上半年" → 01..01);
 * - a count counts only after the time expression ("一年召开不少于两次…拟在第四季度" → times null),
 *   and never as an ordinal ("十一届五次", "第二次会议", "大会二次会议");
 * - "x次" → times null with timesUnknown; "20xx年", "xxxx年度", "今年" → year null;
 * - "前2个季度" → 01..06; "从7月份开始" → 07..12 (to the year end);
 * - "每天" fails: daily items are not supported (the recurrences are weekly and longer).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandSchedule } from './expand.js';
import { parseSchedule } from './parse.js';
import type { ParseOutcome, Schedule, ScheduleDetail } from './types.js';

const w = (start: string, end: string) => ({ start, end });

type Expected = { schedule: Schedule; matched: string[]; detail: Partial<ScheduleDetail> } | { failsOn: string };

function reads(partial: Partial<Schedule>, matched: string[], detail: Partial<ScheduleDetail> = {}): Expected {
  return { schedule: { window: null, deadline: null, recurrence: null, times: null, year: null, ...partial }, matched, detail };
}
function fails(phrase: string): Expected {
  return { failsOn: phrase };
}

function check(outcome: ParseOutcome, expected: Expected): void {
  if ('failsOn' in expected) {
    expect(outcome).toMatchObject({ ok: false, phrase: expected.failsOn });
    return;
  }
  if (!outcome.ok) throw new Error(`did not parse: ${outcome.reason}`);
  expect(outcome.schedule).toEqual(expected.schedule);
  expect(outcome.detail.matched).toEqual(expected.matched);
  expect(outcome.detail).toMatchObject({ timesUnknown: false, startDay: null, ...expected.detail });
}

/** The dated phrases on their own, as an admin would type them into the review form. */
const phrases: Array<[string, Expected]> = [
  ['1—2月份', reads({ window: w('01', '02') }, ['1—2月份'])],
  ['3—4月份', reads({ window: w('03', '04') }, ['3—4月份'])],
  ['5月份', reads({ window: w('05', '05') }, ['5月份'])],
  ['6—7月份', reads({ window: w('06', '07') }, ['6—7月份'])],
  ['8月份', reads({ window: w('08', '08') }, ['8月份'])],
  ['9—10月份', reads({ window: w('09', '10') }, ['9—10月份'])],
  ['11—12月份', reads({ window: w('11', '12') }, ['11—12月份'])],
  ['3月份', reads({ window: w('03', '03') }, ['3月份'])],
  ['4月份', reads({ window: w('04', '04') }, ['4月份'])],
  ['7月份', reads({ window: w('07', '07') }, ['7月份'])],
  ['9月份', reads({ window: w('09', '09') }, ['9月份'])],
  ['10月份', reads({ window: w('10', '10') }, ['10月份'])],
  ['第四季度', reads({ window: w('10', '12') }, ['第四季度'])],
  ['前2个季度', reads({ window: w('01', '06') }, ['前2个季度'])],
  ['上半年', reads({ window: w('01', '06') }, ['上半年'])],
  ['下半年', reads({ window: w('07', '12') }, ['下半年'])],
  ['全年', reads({ window: w('01', '12') }, ['全年'])],
  ['年初', reads({ window: w('01', '01') }, ['年初'])],
  ['从7月份开始', reads({ window: w('07', '12') }, ['从7月份开始'])],
  ['10底前', reads({ deadline: '10-end' }, ['10底前'])],
  ['年底', reads({ deadline: '12-end' }, ['年底'])],
  ['1月21日', reads({ deadline: '01-21' }, ['1月21日'])],
  ['3月25日', reads({ deadline: '03-25' }, ['3月25日'])],
  ['4月22日', reads({ deadline: '04-22' }, ['4月22日'])],
  ['8月15日', reads({ deadline: '08-15' }, ['8月15日'])],
  ['9月2日至8日', reads({ window: w('09', '09'), deadline: '09-08' }, ['9月2日至8日'], { startDay: '09-02' })],
  ['5月22日下午4点半', reads({ deadline: '05-22' }, ['5月22日下午4点半'], { timeOfDay: '16:30' })],
  ['2023-08-26', reads({ deadline: '08-26', year: 2023 }, ['2023-08-26'])],
  ['每周', reads({ recurrence: 'weekly' }, ['每周'])],
  ['每周一', reads({ recurrence: 'weekly' }, ['每周一'], { weekday: 1 })],
  ['每月开展一次', reads({ recurrence: 'monthly', times: 1 }, ['每月', '一次'])],
  ['每月组织人大代表开展走访交流慰问活动x次', reads({ recurrence: 'monthly' }, ['每月', 'x次'], { timesUnknown: true })],
  ['每季度开展一次', reads({ recurrence: 'quarterly', times: 1 }, ['每季度', '一次'])],
  ['每学期都要进行二次以上的安全讲座', reads({ recurrence: 'per-semester', times: 2 }, ['每学期', '二次以上'], { timesAtLeast: true })],
  ['2018年', reads({ year: 2018 }, ['2018年'])],
  ['20xx年', reads({}, ['20xx年'])],
  ['xxxx年', reads({}, ['xxxx年'])],
  ['xxxx年度', reads({}, ['xxxx年度'])],
  ['20xx-20xx年', reads({}, ['20xx-20xx年'])],
  ['20xx年下半年', reads({ window: w('07', '12') }, ['20xx年下半年'])],
  ['今年', reads({}, ['今年'])],
  ['每天', fails('每天')],
];

/** Every clause of the sample file that holds a time expression, verbatim. */
const sentences: Array<[string, Expected]> = [
  ['时间:2023-08-26 作者:Lonesome 工作计划', reads({ deadline: '08-26', year: 2023 }, ['2023-08-26'])],
  [
    '2018年是巩固党的教育实践活动成果,全面加强党的建设和党风廉政建设,实施依法治国的关键一年,也是扎实推进全县农机化事业又好又快发展,实现“一年起打基础,两个实干加创新,三年树形象走进新常态”的冲刺之年',
    reads({ year: 2018 }, ['2018年']),
  ],
  ['按照局党委的统一部署,结合纪检工作实际,制定出2018年工作计划', reads({ year: 2018 }, ['2018年'])],
  [
    '1、1—2月份,结合机关每周一集中学习日,传达贯彻好中央、省市县有关文件和会议精神,过好廉洁、节俭、祥和的新春佳节',
    reads({ window: w('01', '02'), recurrence: 'weekly' }, ['1—2月份', '每周一'], { weekday: 1 }),
  ],
  [
    '2、3—4月份,结合农机购置补贴,组织全县乡(镇)补贴干部和工作人员,开展一次廉政风险防控建设专题教育活动',
    reads({ window: w('03', '04'), times: 1 }, ['3—4月份', '一次']),
  ],
  ['3、5月份,开展一次主要领导廉政党课活动', reads({ window: w('05', '05'), times: 1 }, ['5月份', '一次'])],
  ['4、6—7月份,结合“七·一”建党,举办一次廉政文化进农机活动', reads({ window: w('06', '07'), times: 1 }, ['6—7月份', '一次'])],
  ['5、8月份,以县纪委整治“升学宴”为契机,召开一次党风廉政建设座谈会', reads({ window: w('08', '08'), times: 1 }, ['8月份', '一次'])],
  ['6、9—10月份,以农机购置补贴廉政调研为重点,进行一次党风廉政建设“回头看”', reads({ window: w('09', '10'), times: 1 }, ['9—10月份', '一次'])],
  ['7、11—12月份,全年党风廉政建设对学习教育活动存在问题,进行总结与整改', reads({ window: w('11', '12') }, ['11—12月份'])],
  ['20xx年是我县经济迅速发展,繁荣之年,辉煌之年', reads({}, ['20xx年'])],
  [
    '半年来,在县委、县政府的正确领导下,坚持以邓小平理论和“三个代表”重要思想为指导,深入贯彻落实科学发展观,按照县委、县政府的工作部署和要求,从实际出发,扎扎实实抓好各项工作,取得了一定的成绩,全镇上半年国民生产总值达4494万元,比去年同期增长5%,人均纯收入2226元,比去年同期增长3%',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  [
    '(1)由于国家对粮食种植综合直补,农民种粮的积极性也有了很大提高,上半年全镇粮食播种面积为14548亩,比上年增加了516亩,扭转了种粮面积逐年下降的趋势',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  ['畜牧养殖业上半年出栏肉猪6541头,比去年同期增长4%,预计全年出栏肉猪达13094头左右', reads({ window: w('01', '06') }, ['上半年'])],
  [
    '上半年来,我镇始终把冬季瓜菜生产作为农民增收工作重中之重来抓落实,采取积极稳妥的措施,引导农民种植冬季瓜菜,特别是长豆角,达2960亩',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  [
    '(4)夯实农业基础工作,坚持防汛与抗旱两手抓,制定完善防汛与抗旱预案,加强防风值班,年初分别与各村委会签订了小(三)型以上水库安全负责状,加强林政管理,部署集体林权制度改革,落实森林防火各项工作措施,使全镇上半年没有发生一例重大的火灾',
    reads({ window: w('01', '01') }, ['年初']),
  ],
  ['为做好民兵整组工作,我镇认真抓好整组示范点的各项工作,4月22日,县武装部在我镇顺利召开全县民兵整组示范点工作会议', reads({ deadline: '04-22' }, ['4月22日'])],
  ['工程总预算投入1500万元,预计在年底投入使用', reads({ deadline: '12-end' }, ['年底'])],
  [
    '(2)抓好科技兴镇工作,认真组织广大党员,干部群众学科学、用科学,提高农业科学含量,发动农民群众参加各类培训,上半年来,我镇与县宣传部、统计局、民宗局、卫生局、扶贫办等有关部门共同举办科技培训班10期,参加人数达1200人次',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  [
    '抓好财政税收工作,国家执行税费改革以来,我镇的财政深受影响,税源极度缺乏,但我镇继续发扬“捡芝麻不怕多弯腰”的精神,扎实抓财政的征管工作,做好依法征税,应收尽收,坚决打击走税漏税行为,同时,采取有效措施,弥补税源不足,使镇的财政收入在前2个季度中保持良好的增长势头',
    reads({ window: w('01', '06') }, ['前2个季度']),
  ],
  [
    '改善教学条件,上半年,我镇通过宣传发动、检查指导等多种形式,使全镇适龄儿童入学,全镇小学入学率99%,中学入学率达98%,15周岁受初等教育率100%,利用扶贫资金改善xx中学校道的美化、绿化工程,逐步改善教师和学生的生活学习环境',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  [
    '上半年,全镇免疫“痹疗”接种率达99.5%,抓好农村完成儿童计划免疫任务,接种率达99.5%,做好预防和畜禽流感的工作,居民医保工作,及农村新型合作医疗工作',
    reads({ window: w('01', '06') }, ['上半年']),
  ],
  [
    '今年来,我镇始终把计划生育工作作为全镇重中之重工作来抓落实,层层建立目标责任状,村委会加强计划生育中心户长制,做到随时调查摸底,有多少、落实多少,今年上半年应施行长效避孕措施人数71人,已落实55人,落实节育率77.5%(其中结扎13例,占18.3%,上吉妮环42人,占59.2%)',
    reads({ window: w('01', '06') }, ['今年', '今年上半年']),
  ],
  ['1、今年来,我们在各项工作中虽然取得了一些成绩,但仍然存不少问题', reads({}, ['今年'])],
  ['三、20xx年下半年工作总体思路', reads({ window: w('07', '12') }, ['20xx年下半年'])],
  [
    '下半年,我镇将紧紧围绕年初提出的奋斗目标,在做好日常事务的同时抢抓机遇,不断创新,克难攻坚,全面完成20xx年各项工作目标任务',
    reads({ window: w('07', '12') }, ['下半年', '20xx年']),
  ],
  ['加强农业基础设施建设,做好几处水渠修复,全面完成今年冬修水利工程', reads({}, ['今年'])],
  [
    '制定xxxx年度扶贫攻坚再行动指南,按照贫困户不同的致贫原因量身打造脱贫方案,每月组织人大代表开展走访交流慰问活动x次,建立扶贫攻坚台账,适时跟进扶贫动态',
    reads({ recurrence: 'monthly' }, ['xxxx年度', '每月', 'x次'], { timesUnknown: true }),
  ],
  [
    '今年我镇共承担重大社会投资项目xx个、政府投资项目xx个,已组织人大代表视察了恒大御景、百裕药业、华邦制药等一批重大项目在拆在建及筹备情况,在规范项目管理、加快建设进度、完善基础配套设施建设等方面提出意见建议xx条,督促镇域内项目稳步推动',
    reads({}, ['今年']),
  ],
  [
    '一是建立人大代表项目联系机制,针对xxxx年项目推进情况,已建立代表联系组,将全镇xx个重点项目具体落实到每名人大代表,人大代表负责定点联系项目,跟踪开展项目促拆促建监督保障工作,对项目进行全程跟踪服务',
    reads({}, ['xxxx年']),
  ],
  [
    '三是完善好人大代表联系村(社区)机制,继续开展好“人大代表走基层”活动,将区镇两级人大代表分为八个联系组分别联系八个村(社区),每月开展一次“走基层”活动,让代表深入基层一线广泛收集民意,形成社情民意台账并进行动态管理',
    reads({ recurrence: 'monthly', times: 1 }, ['每月', '一次']),
  ],
  [
    'xxxx年,x镇人大主席团就民生保障、经济发展、基础设施建设等一些人民群众关心的热点难点问题进行视察调研,提出意见建议均被镇政府和区级部门采纳并得到回复',
    reads({}, ['xxxx年']),
  ],
  ['六、xxxx年工作打算', reads({}, ['xxxx年'])],
  [
    '全面开展代表联系选民工作,每季度开展一次活动,丰富人大代表闭会期间的活动,进一步密切人大代表与选民之间的联系,更好地接受选民监督,不断提高履职水平',
    reads({ recurrence: 'quarterly', times: 1 }, ['每季度', '一次']),
  ],
  ['现结合区人大及乡党委中心工作、重点工作安排,将第四季度本人分管工作和联系村工作计划及重点工作汇报如下:', reads({ window: w('10', '12') }, ['第四季度'])],
  ['1、按照相关文件及上级人大要求,一年召开不少于两次人代会的,拟在第四季度召开乡十一届五次人大工作例会', reads({ window: w('10', '12') }, ['第四季度'])],
  ['1、继续落实领导干部坐班制、首问责任制等工作制度,确保每天至少一名党政班子成员在岗值班、接访', fails('每天')],
  ['(2)继续加大20xx-20xx年公厕和户改厕问题排查整改力度,确保正常使用', reads({}, ['20xx-20xx年'])],
  ['(3)稳步推进20xx年户改厕建设工作,确保按期保质保量完成任务', reads({}, ['20xx年'])],
  ['三是加大公厕和户改厕问题整改力度,确保10底前全面整改到位,均能正常使用', reads({ deadline: '10-end' }, ['10底前'])],
  [
    '20xx年,石练镇的人大工作在县人大常委会的指导下,在镇党委的正确领导下,坚持以邓小平理论、“三个代表”重要思想、科学发展观为指导,认真学习贯彻党的十八大和十八届三中、四中、五中全会精神,切实履行宪法和法律赋予的职权,紧紧围绕重点工作开展各项活动,密切联系代表,调动代表履职积极性,提升镇人大工作整体水平,为促进全镇的经济发展和社会稳定起到了积极作用',
    reads({}, ['20xx年']),
  ],
  ['经过认真筹备,我镇于1月21日召开了石练镇第十四届人民代表大会第二次会议', reads({ deadline: '01-21' }, ['1月21日'])],
  [
    '4月份,我们组织了部分镇人大代表视察了省重点工程石坑坪水库,听取了相关负责人的情况汇报,视察组对该项目推进提出建议和意见',
    reads({ window: w('04', '04') }, ['4月份']),
  ],
  [
    '3月份,镇人大主席团召开石练镇镇区控制性详细规划编制征求意见会,对镇区控制规划编制工作认真听取人大代表的意见和建议',
    reads({ window: w('03', '03') }, ['3月份']),
  ],
  [
    '一是依据年初人代会上《政府工作报告》中提出的工作目标和任务,督促镇政府及时将相关目标任务具体落实到责任单位、责任领导和具体责任人',
    reads({ window: w('01', '01') }, ['年初']),
  ],
  ['二是7月份进行对今年镇政府10件实事的实施情况的半年督查', reads({ window: w('07', '07') }, ['7月份', '今年'])],
  ['三是9月份完成对中心镇重点项目推进情况的专项督查,专门听取政府对重点工作和项目的情况汇报,合理提出督查意见', reads({ window: w('09', '09') }, ['9月份'])],
  ['四是8月份对镇干部住村联心工作中在镇住夜情况进行督查', reads({ window: w('08', '08') }, ['8月份'])],
  ['五是9月份对“三改一拆”工作进行专项督查,对在“三改一拆”中存在的问题开展专题调研', reads({ window: w('09', '09') }, ['9月份'])],
  [
    '六是10月份对洁净乡村工作进行了专项督查,及时向政府提出了针对性的建议,充分发挥了人大职能作用,有力地推动了政府各项工作的开展',
    reads({ window: w('10', '10') }, ['10月份']),
  ],
  [
    '针对镇第十四届人民代表大会二次会议期间代表提出的6件议案、建议和意见(其中1件确定为重点议案),镇人大专门进行了规范整理和登记,并根据人民代表大会有关规定,于3月25日召开了交办会,由政府将代表的议案、建议和意见逐件落实到有关承办单位',
    reads({ deadline: '03-25' }, ['3月25日']),
  ],
  ['4月份,率先开展了“三改一拆”代表作表率活动,积极引导人大代表当好“三改一拆”工作的宣传者、表率者、监督者', reads({ window: w('04', '04') }, ['4月份'])],
  [
    '为充分发挥人大代表在“保护生态环境,建设美丽遂昌”的作用,我镇从7月份开始在县镇人大代表中开展了“关心母亲河溪,查找水污染源,恪尽代表职责”主体活动',
    reads({ window: w('07', '12') }, ['从7月份开始']),
  ],
  [
    '为推动活动的`深入开展,8月15日,镇人大主席团组织了县、镇人大代表对石练的母亲河练溪进行了视察活动,先后来到了练溪的水源头——大茂坑村、石坑坪水库建设工地、路堰自然村养殖场、姚埠工业园区等地,实地察看现场,并听取情况介绍',
    reads({ deadline: '08-15' }, ['8月15日']),
  ],
  [
    '9月2日至8日,在开展“关心母亲河溪”千人系列活动周期间,镇人大组织县、镇人大代表及镇机关干部共86人次,向村民发放公开信,广泛开展宣传活动,并深入到练溪及各个源头查找污染源,下到河溪现场清理垃圾,使整个活动推向高潮',
    reads({ window: w('09', '09'), deadline: '09-08' }, ['9月2日至8日'], { startDay: '09-02' }),
  ],
  [
    '为加强人大代表对驻镇站所和政府相关部门的有效监督,8月份,我们组织了部分人大代表对石练公安派出所进行了工作评议,召开座谈会听取工作汇报,代表们纷纷对公安工作提出建议和意见,并对存在的问题进行评议',
    reads({ window: w('08', '08') }, ['8月份']),
  ],
  ['5月22日下午4点半,我校召开了迎评工作动员大会,全体教师参与本次大会', reads({ deadline: '05-22' }, ['5月22日下午4点半'], { timeOfDay: '16:30' })],
  [
    '通过几周的宣传工作,我校的迎评工作得到了全校教师、人大代表、学生家长和社会人士的积极响应:每周意见箱开箱都能看到家长收下的建议',
    reads({ recurrence: 'weekly' }, ['每周']),
  ],
  [
    '一是学校要天天、周周、月月对学生进行安全教育,大力排查校内安全隐患,特别是不能忽视校内死角,每学期都要进行二次以上的安全讲座,对于学生路队放学问题一直是家长比较关注的问题,我校位于汉宜路侧,学生要经汉宜路回家,这就务必要求我们教师一定要做到路队放学工作,队列整齐,送到学校指定的地点才能返回,不可玩忽职守,拿学生的生命开玩笑',
    reads({ recurrence: 'per-semester', times: 2 }, ['每学期', '二次以上']),
  ],
  [
    '今年县教育局和文化体育局在全县各中小学开展"聚焦课堂、立足有效、提升教学质量"活动,虽然我校师资力量严重老龄化,但我校教师会怀着活着老学到老的思想,抱着一颗为教育事业奋斗终生的挚热的心,服从学校领导的安排,积极参与各种形式的教学活动,在活动中提高教师的业务水平,让我校的教育质量走在兄弟学校的前列,使我们教学工作得到家长的认可',
    reads({}, ['今年']),
  ],
];

describe('sample plans: dated phrases', () => {
  it.each(phrases)('%s', (text, expected) => check(parseSchedule(text), expected));
});

describe('sample plans: sentences', () => {
  it.each(sentences)('%s', (text, expected) => check(parseSchedule(text), expected));

  it('finds a time expression in no other clause of the file', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const text = readFileSync(join(here, '..', '..', 'test', 'fixtures', 'township-work-plans.txt'), 'utf8');
    const clauses = text
      .split(/[。;；！？\n]/)
      .map((c) => c.trim())
      .filter(Boolean);
    const listed = new Set(sentences.map(([c]) => c));
    const dated = clauses.filter((c) => {
      const outcome = parseSchedule(c);
      return outcome.ok || !outcome.reason.startsWith('未找到时间表达');
    });
    expect(dated.filter((c) => !listed.has(c))).toEqual([]);
    expect(sentences.map(([c]) => c).filter((c) => !clauses.includes(c))).toEqual([]);
  });
});

describe('sample plans: expanded for 2024 in Asia/Shanghai', () => {
  const tasks = (text: string) => {
    const outcome = parseSchedule(text);
    if (!outcome.ok) throw new Error(outcome.reason);
    return expandSchedule(outcome.schedule, { year: 2024, tz: 'Asia/Shanghai', detail: outcome.detail }).map((t) => [
      t.periodKey,
      t.label,
      t.start,
      t.due.toISOString(),
    ]);
  };

  it.each([
    ['9—10月份', [['2024', '2024年9—10月', '2024-09-01', '2024-10-31T15:59:59.999Z']]],
    ['第四季度', [['2024', '2024年第四季度', '2024-10-01', '2024-12-31T15:59:59.999Z']]],
    ['10底前', [['2024', '2024年10月底前', '2024-01-01', '2024-10-31T15:59:59.999Z']]],
    ['9月2日至8日', [['2024', '2024年9月2日至8日', '2024-09-02', '2024-09-08T15:59:59.999Z']]],
    ['5月22日下午4点半', [['2024', '2024年5月22日', '2024-01-01', '2024-05-22T15:59:59.999Z']]],
    ['2018年', [['2018', '2018年', '2018-01-01', '2018-12-31T15:59:59.999Z']]],
  ])('%s', (text, expected) => {
    expect(tasks(text)).toEqual(expected);
  });

  it('每月…x次 gives twelve monthly tasks; 每季度 four; 每学期 two; 每周 one per ISO week', () => {
    expect(tasks('每月组织人大代表开展走访交流慰问活动x次')).toHaveLength(12);
    expect(tasks('每季度开展一次活动')).toHaveLength(4);
    expect(tasks('每学期都要进行二次以上的安全讲座')).toHaveLength(2);
    expect(tasks('每周意见箱开箱')).toHaveLength(52);
  });
});
