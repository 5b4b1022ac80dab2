import { byteSize, jsonTooDeep, parseJsonBody } from './json-depth.js';

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

describe('parseJsonBody', () => {
  const status = (f: () => unknown): unknown => {
    try {
      f();
    } catch (err) {
      return [(err as { status: number }).status, (err as { code: string }).code];
    }
    return 'parsed';
  };
  it('takes objects and arrays, an empty body as {}', () => {
    expect(parseJsonBody('{"a":[1,{"b":2}]}')).toEqual({ a: [1, { b: 2 }] });
    expect(parseJsonBody('[1]')).toEqual([1]);
    expect(parseJsonBody('')).toEqual({});
  });
  it('refuses broken JSON, a bare scalar and a body nested too deep, each as a 400', () => {
    expect(status(() => parseJsonBody('{"orgId": 1,'))).toEqual([400, 'BAD_REQUEST']);
    expect(status(() => parseJsonBody('"x"'))).toEqual([400, 'BAD_REQUEST']);
    expect(status(() => parseJsonBody('['.repeat(3000) + ']'.repeat(3000)))).toEqual([400, 'JSON_TOO_DEEP']);
    expect(status(() => parseJsonBody(JSON.stringify(nest(32))))).toBe('parsed');
  });
});

describe('byteSize', () => {
  it('reads the config forms in 1024s', () => {
    expect(byteSize('1mb')).toBe(1024 * 1024);
    expect(byteSize('512KB')).toBe(512 * 1024);
    expect(() => byteSize('1gb')).toThrow();
  });
});
