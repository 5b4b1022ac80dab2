import { scanTimeExpressions } from './scan.js';

const found = (text: string) => scanTimeExpressions(text).map((t) => [t.matcher, text.slice(t.start, t.end)]);

describe('scanTimeExpressions', () => {
  it('prefers the longer, more specific expression', () => {
    expect(found('3月25日至4月10日')).toEqual([['dayRange', '3月25日至4月10日']]);
    expect(found('3月25日')).toEqual([['date', '3月25日']]);
    expect(found('3月中旬前')).toEqual([['dekad', '3月中旬前']]);
    expect(found('每月5日前')).toEqual([['monthlyOnDay', '每月5日前']]);
  });

  it('finds every expression in a sentence, in order, with offsets into the input', () => {
    expect(found('２０２４年３—４月份，每月开展一次')).toEqual([
      ['year', '２０２４年'],
      ['monthRange', '３—４月份'],
      ['recurrence', '每月'],
      ['count', '一次'],
    ]);
  });

  it('gives a one-token recurrence-and-count two pieces', () => {
    expect(scanTimeExpressions('一月一次').map((t) => t.piece.kind)).toEqual(['recurrence', 'count']);
  });

  it('still finds a shorter expression inside a rejected longer one', () => {
    // "3、5月份" at the start of a line is list item 3: the list matcher gives up and 5月份 is found.
    expect(found('3、5月份')).toEqual([['month', '5月份']]);
  });

  it('finds nothing in text without time', () => {
    expect(found('全面提升系统党员干部职工的政治理论水准,十九大,十八届三中、四中全会,15周岁,3条9米宽大道')).toEqual([]);
  });
});
