import { parseSchedule } from '../schedule/index.js';
import { canonicalPhrase, ledgerTimeText } from './phrase.js';

// Phrases as plans write them; each must survive schedule → phrase → schedule unchanged.
const WRITTEN = [
  '1—2月份',
  '3—4月份，组织开展一次专题教育活动',
  '5月份',
  '拟在第四季度召开例会',
  '确保10底前全面整改到位',
  '每月开展一次走基层活动',
  '每季度开展一次活动',
  '每学期都要进行二次以上的安全讲座',
  '3月25日召开交办会',
  '12月至次年2月',
  '3月25日至4月10日',
  '上半年',
  '下半年',
  '每月5日前报送',
  '每周一次',
  '2018年3—4月',
  '年底前',
  '3月中旬前',
  '每半年一次',
  '每年一次',
  '11-12月',
  '三至四月',
];

describe('canonicalPhrase', () => {
  it.each(WRITTEN)('reads back the schedule of %s', (written) => {
    const parsed = parseSchedule(written);
    if (!parsed.ok) throw new Error(parsed.reason);
    const phrase = canonicalPhrase(parsed.schedule, parsed.detail);
    const again = parseSchedule(phrase);
    expect(again.ok && again.schedule).toEqual(parsed.schedule);
  });
});

describe('ledgerTimeText', () => {
  it('keeps the written phrase when it already reads as the schedule', () => {
    const p = parseSchedule('3—4月份');
    expect(p.ok && ledgerTimeText(p.schedule, p.detail, '3—4月份')).toBe('3—4月份');
  });
  it('writes a phrase that carries the count the sentence had', () => {
    const p = parseSchedule('3—4月份，组织开展一次专题教育活动');
    if (!p.ok) throw new Error(p.reason);
    const text = ledgerTimeText(p.schedule, p.detail, '3—4月份');
    expect(text).not.toBe('3—4月份');
    const again = parseSchedule(text!);
    expect(again.ok && again.schedule).toEqual(p.schedule);
  });
  it('is empty for a whole-year item', () => {
    expect(ledgerTimeText(null, null, null)).toBeNull();
  });
});
