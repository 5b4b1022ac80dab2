/**
 * Reading a plan's sentences: is this a commitment or a report of past work, who is named as
 * responsible, what evidence would prove it done, and what short title names it.
 * Heuristics over words that Chinese plans and reports use; no dictionary, no segmenter.
 */
import { clauses, stripEndPunct } from './structure.js';

export type Tense = 'past' | 'future' | 'neutral';
export type Mode = 'plan' | 'report' | 'problems' | 'background' | 'opinions';

export interface TenseScore {
  past: number;
  future: number;
  /** The markers found, for notes. */
  markers: string[];
}

/** Words that report what has been done. Weighted: 2 = unmistakable, 1 = a hint. */
const PAST: Array<[RegExp, number]> = [
  // not 已 naming who a later step is for ("已缴费人员在5月18日－5月20日上网打印准考证", "已报名考生")
  [/已经|(?<![不得而])已(?![经知])(?![\u4e00-\u9fff]{1,3}的?(?:人员|考生|学生|对象|者))/g, 2],
  // verb + 了, but not 了解 / 为了 / 除了 / 不了 / 明了 / 罢了 / 了结
  [/(?<![为除明罢算不])了(?![解结却然]|如指)/g, 2],
  [/顺利召开|圆满完成|胜利召开|顺利完成|顺利通过/g, 2],
  [/截至目前|截止目前|截至\d|截止\d|到目前为止|目前为止/g, 2],
  [/一年来|半年来|今年来|年来[,，]|以来[,，]|上半年来/g, 2],
  [/先后|共计|累计|一致认为|纷纷表示|均被|被评为|得到.{0,8}(肯定|好评|认可|采纳)/g, 1],
  [/取得.{0,6}(成绩|成效|实效|进展|成果)/g, 1],
  [/(达|为|增加|增长|减少|下降|提高)\s*\d+(\.\d+)?\s*(%|％|万元|亿元|元|亩|头|人次|户|人|个|篇|件|期|条|份|次|所|家)/g, 1],
  [/同比|比去年|比上年/g, 1],
  // "日前/近日，县委召开…": news of what was recently done (not "5月10日前")
  [/(?<![\d〇零一二三四五六七八九十廿卅号])日前(?![往后])|近日|前不久|日前召开/g, 2],
];

/** Words that announce work to be done. */
const FUTURE: Array<[RegExp, number]> = [
  [/拟|(?<!生育|工作)计划(?![生如书表])|下一步|下阶段|后阶段|今后|明年|下半年|下年度/g, 2],
  [
    /将(?=在|于|继续|进一步|全面|加大|加快|大力|认真|积极|重点|开展|组织|召开|举办|进行|完成|推进|落实|建立|采取|严格|针对|以|着力|切实|不断|深入|把|紧紧|逐步|按照|坚持|围绕|力争|争取|适时|定期)/g,
    2,
  ],
  [/确保|力争|争取|务必|必须|(?<![需必])须(?!知)|应当|(?<![响适反对供相])应(?![用对急届邀])|需要|(?<![主重概纲提首简需纪必只])要(?![求点素闻害塞是])/g, 2],
  [/继续|进一步|不断|持续|坚持/g, 1],
  [/每(天|日|周|月|季度?|半年|年度?|学期|两周|两月)|逢(月|周)|定期|适时|年底前|底前|前完成|之前完成|不少于|至少|一次|两次|二次|三次/g, 1],
];

/** One regex per (table, weight): a sentence is scanned four times, not fourteen. */
function merge(table: Array<[RegExp, number]>): Array<[RegExp, number]> {
  const weights = [...new Set(table.map(([, w]) => w))];
  return weights.map((w) => [
    new RegExp(
      table
        .filter(([, x]) => x === w)
        .map(([re]) => `(?:${re.source})`)
        .join('|'),
      'g',
    ),
    w,
  ]);
}
const PAST_MERGED = merge(PAST);
const FUTURE_MERGED = merge(FUTURE);

function score(table: Array<[RegExp, number]>, s: string, markers: string[]): number {
  let total = 0;
  for (const [re, w] of table) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      total += w;
      markers.push(m[0]);
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return total;
}

/** Traditional forms of the characters the tense words are written with (計畫 = 计划, 確保, 將, 已經…). */
const TRADITIONAL_TENSE: Record<string, string> = {
  經: '经',
  確: '确',
  擬: '拟',
  將: '将',
  繼: '继',
  續: '续',
  進: '进',
  須: '须',
  應: '应',
  當: '当',
  計: '计',
  劃: '划',
  畫: '划',
  爭: '争',
  務: '务',
  堅: '坚',
  持: '持',
  從: '从',
  們: '们',
  圓: '圆',
  滿: '满',
  勝: '胜',
  順: '顺',
  開: '开',
  來: '来',
  績: '绩',
  効: '效',
  達: '达',
  為: '为',
  萬: '万',
  億: '亿',
  戶: '户',
  個: '个',
  條: '条',
  份: '份',
  則: '则',
  後: '后',
  階: '阶',
  適: '适',
  時: '时',
  規: '规',
  週: '周',
  兩: '两',
  學: '学',
  導: '导',
  頓: '顿',
  舉: '举',
  組: '组',
  織: '织',
  斷: '断',
  議: '议',
  參: '参',
};
const TRADITIONAL_RE = new RegExp(`[${Object.keys(TRADITIONAL_TENSE).join('')}]`, 'g');

/** Past and future markers of a sentence; pass a map to reuse the scores within one document. */
export function tenseScore(sentence: string, cache?: Map<string, TenseScore>): TenseScore {
  const cached = cache?.get(sentence);
  if (cached) return cached;
  const markers: string[] = [];
  const simplified = sentence.replace(TRADITIONAL_RE, (c) => TRADITIONAL_TENSE[c]);
  const past = score(PAST_MERGED, simplified, markers);
  const future = score(FUTURE_MERGED, simplified, markers);
  const result = { past, future, markers };
  cache?.set(sentence, result);
  return result;
}

export function tenseOf(sc: TenseScore): Tense {
  if (sc.past > sc.future) return 'past';
  if (sc.future > sc.past) return 'future';
  return 'neutral';
}

/** What a heading says its section holds. null: the heading does not say. */
export function headingMode(title: string): Mode | null {
  if (title.length > 40) return null;
  if (/存在(的)?(主要)?问题|主要问题|困难和问题|问题(和|与)不足|不足之处|薄弱环节|短板/.test(title)) return 'problems';
  if (/指导思想|基本原则|总体要求|基本情况|背景|重要意义/.test(title)) return 'background';
  if (/下一步|下阶段|后阶段|(计划|打算|安排|思路|设想|谋划|要点|措施|举措|任务|目标|要求|保障|重点)$/.test(title)) return 'plan';
  if (/回顾|(成绩|成效|做法|完成情况|总结|开展情况|进展情况|经验)$/.test(title)) return 'report';
  return null;
}

/** The mode of a list from the paragraph that introduces it ("…罗列如下:", "…采取了如下措施:"). */
export function introMode(intro: string): Mode | null {
  const cl = clauses(stripEndPunct(intro));
  const last = cl[cl.length - 1] ?? '';
  if (/意见|建议|问题|呼声|诉求|心声/.test(last) && !/措施|计划|安排|任务|打算/.test(last)) return 'opinions';
  const t = tenseOf(tenseScore(last));
  if (t === 'past') return 'report';
  if (t === 'future' || /措施|计划|安排|任务|打算/.test(last)) return 'plan';
  return null;
}

/** The mode a preamble announces: "制定…工作计划" vs "现将一年来的工作汇报如下". */
export function preambleMode(preamble: string): Mode | null {
  for (const s of preamble.split(/[。！？!?；;\n]/)) {
    if (/(工作)?计划|打算|安排|要点/.test(s) && /制定|如下|特|现将|汇报|提出/.test(s)) return 'plan';
  }
  if (/汇报如下|总结如下|报告如下|一年来|半年来|回顾/.test(preamble)) return 'report';
  const sc = tenseScore(preamble);
  if (sc.past >= 4 && sc.past > 2 * sc.future) return 'report';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Responsible unit

const UNIT_SUFFIX =
  '人大主席团|主席团|人民政府|政府|人大办|人大|党委|党支部|党总支|支部|纪委|纪工委|纪检组|纪检|监察室|办公室|武装部|派出所|司法所|财政所|' +
  '工作组|专班|领导小组|委员会|村委会|居委会|两委|服务中心|中心|卫生院|学校|小学|中学|幼儿园|教育局|局|站|所|办|科|股|部|室';
const UNIT_PREFIX = '(?:[xX×]|[\\u4e00-\\u9fa5]){0,8}?';
const UNIT_VERB =
  '要|将|应|需|须|负责|牵头|组织|召开|开展|举办|及时|认真|积极|定期|每|在|于|对|向|就|始终|继续|进一步|把|专门|按照|根据|结合|加强|做好|抓好|落实|完成';
const SUBJECT = new RegExp(`^(${UNIT_PREFIX}(?:${UNIT_SUFFIX}))(?:成员)?(?=${UNIT_VERB})`);
const EXPLICIT = new RegExp(`(?:责任单位|牵头单位|责任部门|承办单位|牵头部门)[:：\\s]*([^,，。;；、）)\\s]{2,20})`);
const BY = new RegExp(`由(${UNIT_PREFIX}(?:${UNIT_SUFFIX}))(?:负责|牵头|组织|承办|落实)`);
const NOT_A_UNIT = /^(我|本|各|全|该|其|有关|相关|上级|这|一|两|部分)/;
/** A verb inside the would-be unit means the clause's subject is elsewhere ("督促镇政府…"). */
const VERB_INSIDE =
  /督促|要求|协助|配合|推动|支持|听取|围绕|开展|召开|加强|落实|完善|建立|发挥|关注|认真|积极|组织(?!部)|监督|督办|争取|通过|依靠|接受|向|让|使|把/;

const CO_UNITS = /(?:配合单位|协办单位|配合部门|协助单位|参与单位)[:：\s]*([^。;；）)]{2,80})/;

/** Units named as co-operating ("配合单位：县财政局、县审计局"). */
export function findCoUnits(text: string): string[] {
  const m = CO_UNITS.exec(text);
  if (!m) return [];
  return m[1]
    .split(/[、,，\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 2);
}

/** The unit a sentence names as responsible: the subject of the clause, "由…负责", "责任单位：…". */
export function findUnit(text: string): string | null {
  const explicit = EXPLICIT.exec(text);
  if (explicit) return explicit[1];
  const by = BY.exec(text);
  if (by && !NOT_A_UNIT.test(by[1]) && !VERB_INSIDE.test(by[1])) return by[1];
  for (const s of text.split(/[。！？!?；;\n]/)) {
    for (const c of s.split(/[，,：:]/)) {
      const m = SUBJECT.exec(c.trim().replace(/^[一二三四五六七八九十]+[是要]/, ''));
      if (m && !NOT_A_UNIT.test(m[1]) && !VERB_INSIDE.test(m[1]) && m[1].length >= 2) return m[1];
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Evidence

export interface EvidenceSuggestion {
  kind: string;
  min: number;
}

const EVIDENCE_RULES: Array<[RegExp, string[]]> = [
  [
    /(召开|举行|举办|主持|开好|组织召开)[^，,。；;]{0,24}?(会议|会)(?!议精神|精神)|座谈会|例会|人代会|交办会|推进会|调度会|联席会议|主席团会议|动员大会|述职会|通报会|听证会|征求意见会/,
    ['会议记录', '签到表', '照片'],
  ],
  [/培训|学习(?!型)|党课|讲座/, ['通知', '签到表', '照片']],
  [/督查|督办|检查/, ['督查报告']],
  [/视察/, ['视察报告']],
  [/调研|回头看/, ['调研报告']],
  [/评议|述职/, ['评议报告']],
  [/走访|慰问|联系选民|接待/, ['走访记录', '台账']],
  [/活动/, ['照片', '活动记录']],
  [/整改/, ['整改报告']],
  [/方案|(?<!工作)计划(?!生育)|制度|规则|指南|办法/, ['方案或制度文本']],
];

const MAX_EVIDENCE_KINDS = 4;

/**
 * Suggested evidence from the actions an item names, the first-named action first (at most four
 * kinds: asking for everything is 过度留痕); a completion report when no action is named.
 */
export function suggestEvidence(text: string): EvidenceSuggestion[] {
  const found: Array<[number, string[]]> = [];
  for (const [re, ks] of EVIDENCE_RULES) {
    const m = re.exec(text);
    if (m) found.push([m.index, ks]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const kinds: string[] = [];
  for (const [, ks] of found) for (const k of ks) if (!kinds.includes(k) && kinds.length < MAX_EVIDENCE_KINDS) kinds.push(k);
  if (kinds.length === 0) kinds.push('完成情况报告');
  return kinds.map((kind) => ({ kind, min: 1 }));
}

// ---------------------------------------------------------------------------------------------
// Title

const TIME_LEAD =
  /^(?:(?:拟|计划|将|要)?\s*(?:于|在|从|自)?\s*(?:\d{4}|20xx|xxxx)?年?(?:年内|全年|年度内|第?[一二三四1-4]季度|[上下]半年|年[初中底末]|[\d一二三四五六七八九十]{1,3}(?:[—\-–~～至到][\d一二三四五六七八九十]{1,3})?\s*月份?(?:[上中下]旬|[初中底末])?(?:\d{1,2}日)?(?:前|底前|以前|之前)?|每(?:天|日|周(?:[一二三四五六日天](?![次期场轮]))?|月(?:\d{1,2}[日号](?:前|以前|之前)?)?|季度?|半年|年|学期))\s*[,，]?\s*)+/;
const CIRCUMSTANCE =
  /^(?:结合|按照|根据|依据|依照|对照|围绕|借助|利用|通过|针对|为了?|在.{0,20}(?:下|中|上|期间)$|以.{1,30}为(?:契机|重点|抓手|主线|依据|载体|目标|核心|中心|切入点|主题))/;
const VERB_START =
  /^(?:认真|积极|全面|深入|切实|扎实|及时|定期|继续|进一步|大力|着力|重点|加快|稳步|逐步|严格|集中|专题)?(?:开展|召开|举办|举行|组织|进行|完成|落实|推进|建立|健全|完善|制定|制订|修订|传达|贯彻|学习|听取|审议|视察|调研|督查|检查|走访|慰问|评议|整改|实施|启动|做好|抓好|办好|加强|加大|提升|提高|推动|实现|确保|召集|编制|印发|报送|上报|收集|征求|部署|总结)/;
const ACTION = /会|活动|培训|学习|督查|视察|调研|评议|走访|整改|检查|讲座|党课|回头看|总结|考核|验收|述职/;

/** A short title: the heading's own words, or the clause of the first sentence that names the action. */
export function makeTitle(text: string, heading: string | null): string {
  if (heading && heading.length <= 40) return heading;
  const first = stripEndPunct(text.split(/[。！？!?；;\n]/)[0] ?? text);
  if (first.length <= 24 && !TIME_LEAD.test(first) && !clauses(first).some(isCircumstance)) return first;
  const cl = clauses(withoutCircumstance(first))
    .map((c) =>
      c
        .replace(TIME_LEAD, '')
        .replace(/^(都|也|均|还|要|须|必须|应)+/, '')
        .trim(),
    )
    .filter((c) => c.length >= 2 && !CIRCUMSTANCE.test(c));
  // the clause that starts with a verb and names an action: "进行总结与整改", "开展一次…活动"
  let pick = cl[0] ?? first;
  let best = -1;
  for (const c of cl) {
    const score = (VERB_START.test(c) ? 2 : 0) + (ACTION.test(c) ? 1 : 0);
    if (score > best) {
      best = score;
      pick = c;
    }
  }
  return truncate(stripEndPunct(pick), 40);
}

export function truncate(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : chars.slice(0, n - 1).join('') + '…';
}

/** The sentence without the clauses that name a circumstance rather than the commitment. */
export function withoutCircumstance(sentence: string): string {
  const parts = sentence.split(/([，,])/);
  const keep: string[] = [];
  let dropping = false;
  for (let i = 0; i < parts.length; i += 2) {
    const clause = parts[i];
    const sep = parts[i + 1] ?? '';
    if (isCircumstance(clause)) {
      dropping = true;
      continue;
    }
    // "按照…要求,一年召开不少于两次人代会的," — the circumstance runs on to the clause ending in 的
    if (dropping && /的$/.test(clause.trim())) continue;
    dropping = false;
    keep.push(clause + sep);
  }
  return keep.join('').replace(/[，,]$/, '') || sentence;
}

/** A heading that is only a time ("九月份", "第一季度"): it dates, it does not name. */
export function isTimeLabel(s: string): boolean {
  const rest = stripEndPunct(s).replace(TIME_LEAD, '');
  return rest.length < stripEndPunct(s).length && /^(份|工作|安排|工作安排|重点工作)?$/.test(rest);
}

/** Clauses that name the circumstance (结合…, 按照…要求…的, 以…为契机), not the commitment. */
export function isCircumstance(clause: string): boolean {
  return CIRCUMSTANCE.test(clause.trim());
}
