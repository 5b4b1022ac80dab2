import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText } from './normalize.js';
import { MATCHERS } from './patterns.js';
import { scanTimeExpressions } from './scan.js';

/** One phrase per matcher, so every row of the table is exercised on its own. */
const examples: Record<string, string> = {
  isoDate: '2024-03-25',
  dayRange: '3月25日至4月10日',
  dayList: '2月19日、20日',
  partRange: '8月下旬至9月',
  toSpringFestival: '年底至春节前',
  monthRange: '3—4月份',
  monthList: '在3、4月份', // mid-sentence: at a line start "3、" would be a list number
  monthlyOnDay: '每月5日前',
  oncePerUnit: '一季度一次',
  recurrence: '每季度',
  everyN: '每三个月',
  tenDays: '每旬',
  themedMonths: '3月“情绪管理”、4月“同伴交往”',
  // after |: the context a matcher looks ahead to, not part of its phrase
  yearStage: '2021年|为集中攻坚阶段',
  daily: '每天',
  festival: '春节前',
  placeholderDate: 'x月x日',
  dekad: '3月上旬',
  slashDate: '2/23(一)',
  date: '3月25日',
  monthEnd: '10月底前',
  monthEndWithout月: '10底前',
  monthEventBefore: '在8月份正式命名之前',
  monthOnwards: '从7月份开始',
  yearWithPart: '2024年底前',
  year: '2018年',
  relativeYear: '明年',
  quarterList: '第二、三季度',
  quarterRange: '一至三季度',
  firstQuarters: '前三季度',
  firstMonths: '前3个月',
  quarterEnd: '第一季度末',
  quarter: '第四季度',
  quarterEnds: '季度末',
  halfYear: '上半年',
  yearEnd: '年底',
  wholeYear: '全年',
  yearStart: '年初',
  month: '5月份',
  count: '两次',
  issueCount: '每周编发两期',
};

describe('the matcher table', () => {
  it('has an example for every matcher, and names are unique', () => {
    const names = MATCHERS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(examples).sort()).toEqual([...names].sort());
  });

  it.each(Object.entries(examples))('%s reads %s', (name, example) => {
    const [own, ahead = ''] = example.split('|');
    const text = own + ahead;
    const phrase = own.replace(/^在/, '');
    const tokens = scanTimeExpressions(text);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t.matcher === name && text.slice(t.start, t.end) === phrase)).toBe(true);
  });

  it('uses only global regexes (the scanner walks every match)', () => {
    expect(MATCHERS.every((m) => m.pattern.global)).toBe(true);
  });

  it('says what every match needs (the scanner skips a pattern over text without it)', () => {
    // every matcher's example and the sample plans and corpus documents: each match of each pattern holds its `needs`
    const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');
    const plans = resolve(fixtures, 'plans');
    const texts = [
      ...Object.values(examples).map((e) => e.replace('|', '')),
      readFileSync(resolve(fixtures, 'township-work-plans.txt'), 'utf8'),
      ...readdirSync(plans)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => readFileSync(resolve(plans, f), 'utf8')),
    ].map(normalizeText);
    const misses: string[] = [];
    for (const m of MATCHERS) {
      expect(m.needs?.length).toBeGreaterThan(0);
      expect(m.needs!.every((need) => !need.global && !need.sticky)).toBe(true);
      const re = new RegExp(m.pattern.source, 'g');
      let matches = 0;
      for (const text of texts)
        for (const found of text.matchAll(re)) {
          matches++;
          for (const need of m.needs!) if (!need.test(found[0])) misses.push(`${m.name}: ${found[0]} lacks ${need.source}`);
        }
      expect(matches).toBeGreaterThan(0);
    }
    expect(misses).toEqual([]);
  });
});
