import { jsonArray, positional } from './dialect.js';

describe('positional: named parameters in the dialect form', () => {
  const sql = 't.org_id = :org AND (t.owner_id = :me OR t.unit_id = :unit) AND t.org_id = :org AND x.co::jsonb @> :missing';

  it('PostgreSQL: $n per name (a repeated name reuses its number), casts and unknown names left alone', () => {
    expect(positional({ postgres: true }, sql, { org: 3, me: 9, unit: 4 })).toEqual({
      sql: 't.org_id = $1 AND (t.owner_id = $2 OR t.unit_id = $3) AND t.org_id = $1 AND x.co::jsonb @> :missing',
      params: [3, 9, 4],
    });
  });

  it('SQLite: ? per occurrence, integers bound as BigInt, other values as given', () => {
    expect(positional({ postgres: false }, 'a = :n AND b = :s AND c = :f AND d = :n', { n: 5, s: '5', f: 2.5 })).toEqual({
      sql: 'a = ? AND b = ? AND c = ? AND d = ?',
      params: [5n, '5', 2.5, 5n],
    });
  });

  it('the same text with other values gives the same statement (kept translation) and the new values', () => {
    const a = positional({ postgres: true }, 'SELECT 1 WHERE id = :id', { id: 1 });
    const b = positional({ postgres: true }, 'SELECT 1 WHERE id = :id', { id: 2 });
    expect(b.sql).toBe(a.sql);
    expect(b.params).toEqual([2]);
  });

  it('the same text with another set of names is translated again (the first call does not decide for later ones)', () => {
    const text = 'SELECT 1 WHERE a = :a AND b = :b';
    expect(positional({ postgres: true }, text, { a: 1 }).sql).toBe('SELECT 1 WHERE a = $1 AND b = :b');
    expect(positional({ postgres: true }, text, { a: 1, b: 2 })).toEqual({ sql: 'SELECT 1 WHERE a = $1 AND b = $2', params: [1, 2] });
  });

  it('a placeholder whose value is undefined is an error, not a silent NULL', () => {
    expect(() => positional({ postgres: true }, 'SELECT :a', { a: undefined })).toThrow(/:a/);
  });
});

describe('jsonArray (a jsonArrayAgg column read back)', () => {
  it('reads SQLite text, PostgreSQL parsed arrays and no rows alike', () => {
    expect(jsonArray<string | null>('["照片",null,"会议记录"]')).toEqual(['照片', null, '会议记录']);
    expect(jsonArray<string>(['照片'])).toEqual(['照片']);
    expect(jsonArray<string>('[]')).toEqual([]);
    expect(jsonArray<string>(null)).toEqual([]);
  });
});
