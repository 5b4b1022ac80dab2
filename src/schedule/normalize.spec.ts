import { normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('turns full-width digits and punctuation into ASCII', () => {
    expect(normalizeText('３－４月份，每月５日前（含）')).toBe('3-4月份,每月5日前(含)');
  });

  it('turns every dash and wave into "-"', () => {
    expect(normalizeText('3—4月 3–4月 3~4月 3～4月 3〜4月 3－4月 3‐4月 3−4月')).toBe('3-4月 3-4月 3-4月 3-4月 3-4月 3-4月 3-4月 3-4月');
  });

  it('reads the traditional characters of time expressions as simplified', () => {
    expect(normalizeText('每週兩次，每個學期，於年內舉開會议，3月5號')).toBe('每周两次,每个学期,于年内举开会议,3月5号');
  });

  it('keeps the length, so offsets point into the original text', () => {
    const text = '１０月底前，每週兩次 ＡＢＣ\u3000𠀀';
    expect(normalizeText(text)).toHaveLength(text.length);
  });

  it('leaves characters outside the basic plane alone, and what stands around them', () => {
    expect(normalizeText('𠀀３月𠀀～')).toBe('𠀀3月𠀀-');
  });

  it('leaves ordinary text alone', () => {
    expect(normalizeText('县武装部在我镇顺利召开')).toBe('县武装部在我镇顺利召开');
  });
});
