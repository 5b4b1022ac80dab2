import { certainMatch, isShortForm, likelyMatch, rankByName } from './match.js';

const units = [
  { id: 1, name: '镇人大主席团' },
  { id: 2, name: '镇政府办公室' },
  { id: 3, name: '局纪检组' },
];
const people = [
  { id: 10, name: '张三' },
  { id: 11, name: '张三丰' },
  { id: 12, name: '李四' },
];

describe('rankByName', () => {
  it('returns the exact match alone, ignoring blanks', () => {
    expect(rankByName('张 三', people)).toEqual([{ id: 10, name: '张三', score: 1 }]);
    expect(certainMatch(rankByName('张三', people))).toBe(10);
  });
  it('ranks partial matches and never assigns them without asking', () => {
    const c = rankByName('人大主席团', units);
    expect(c[0]).toMatchObject({ id: 1 });
    expect(c[0].score).toBeLessThan(1);
    expect(certainMatch(c)).toBeNull();
    expect(rankByName('纪检', units)[0].id).toBe(3);
  });
  it('finds nothing for an unrelated or empty name', () => {
    expect(rankByName('王五', people)).toEqual([]);
    expect(rankByName('', people)).toEqual([]);
    expect(rankByName(null, people)).toEqual([]);
  });
  it('does not treat two same-named people as certain', () => {
    expect(certainMatch(rankByName('张三', [...people, { id: 13, name: '张三' }]))).toBeNull();
  });
});

describe('short forms of unit names', () => {
  const org = [
    { id: 1, name: '安全生产监督管理站' },
    { id: 2, name: '党委办公室' },
    { id: 3, name: '财政所' },
    { id: 4, name: '文化站' },
  ];
  it('recognises a short form: characters in order, first and kind the same', () => {
    expect(isShortForm('安监站', '安全生产监督管理站')).toBe(true);
    expect(isShortForm('镇党委办', '党委办公室')).toBe(true);
    expect(isShortForm('安监所', '安全生产监督管理站')).toBe(false);
    expect(isShortForm('文站', '安全生产监督管理站')).toBe(false);
  });
  it('offers the full name as the candidate and assigns it with a note when it is the only one', () => {
    const c = rankByName('安监站', org);
    expect(c[0]).toMatchObject({ id: 1, name: '安全生产监督管理站' });
    expect(certainMatch(c)).toBeNull();
    expect(likelyMatch(c)).toEqual({ id: 1, certain: false });
    expect(likelyMatch(rankByName('党委办公室', org))).toEqual({ id: 2, certain: true });
    expect(likelyMatch(rankByName('王五', org))).toBeNull();
  });
});
