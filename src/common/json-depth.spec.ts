import { jsonTooDeep } from './json-depth.js';

const nest = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('jsonTooDeep', () => {
  it('counts objects and arrays as levels; scalars are not levels', () => {
    expect(jsonTooDeep('x', 0)).toBe(false);
    expect(jsonTooDeep({ a: 1 }, 1)).toBe(false);
    expect(jsonTooDeep({ a: { b: 1 } }, 1)).toBe(true);
    expect(jsonTooDeep(nest(32), 32)).toBe(false);
    expect(jsonTooDeep(nest(33), 32)).toBe(true);
  });
  it('finds a deep branch beside shallow ones, and survives 100,000 levels without recursion', () => {
    expect(jsonTooDeep({ a: 1, b: [1, 2, { c: nest(40) }] }, 32)).toBe(true);
    expect(jsonTooDeep(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 32)).toBe(true);
  });
});
