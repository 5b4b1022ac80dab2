import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { directReads } from '../src/database/direct-reads.js';
import { createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

/** The hot routes' reads on the driver itself (src/database/direct-reads.ts), on the suite's database. */
describe(`direct reads on ${TEST_DB}`, () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  it('reads with named parameters, integers and booleans bound as the database stores them', async () => {
    const reads = directReads(ds);
    const rows = await reads.all<{ id: number | string; active: unknown }>(
      'SELECT p.id AS id, p.active AS active FROM person p WHERE p.id = :id AND p.active = :active',
      {
        id: t.admin.id,
        active: true,
      },
    );
    expect(rows.map((r) => Number(r.id))).toEqual([t.admin.id]);
    expect(await reads.all('SELECT p.id AS id FROM person p WHERE p.id = :id AND p.active = :active', { id: t.admin.id, active: false })).toEqual([]);
  });

  it('reads rows as arrays in select-list order, beside the same statement read as objects', async () => {
    const reads = directReads(ds);
    const sql = 'SELECT p.id AS id, p.name AS name, p.email AS email FROM person p WHERE p.id = :id';
    const [objects, arrays] = await Promise.all([reads.all<Record<string, unknown>>(sql, { id: t.admin.id }), reads.arrays(sql, { id: t.admin.id })]);
    expect(arrays).toEqual(objects.map((o) => [o.id, o.name, o.email]));
    expect(Number(arrays[0][0])).toBe(t.admin.id);
  });

  it('gives every text its own prepared statement, across readers of the same process (PostgreSQL names are per connection)', async () => {
    const a = directReads(ds);
    const b = directReads(ds);
    // Several rounds so that each pooled connection has prepared both texts under their names.
    for (let round = 0; round < 12; round++) {
      const [x, y] = await Promise.all([
        a.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM person p WHERE p.id = :id', { id: t.admin.id }),
        b.all<{ name: string }>('SELECT p.name AS name FROM person p WHERE p.id = :id', { id: t.admin.id }),
      ]);
      expect(Number(x[0].n)).toBe(1);
      expect(typeof y[0].name).toBe('string');
    }
  });

  it('sees what a data source committed a moment ago (no stale statement or snapshot)', async () => {
    const reads = directReads(ds);
    const sql = 'SELECT p.name AS name FROM person p WHERE p.id = :id';
    const before = (await reads.all<{ name: string }>(sql, { id: t.admin.id }))[0].name;
    await ds.query(`UPDATE person SET name = ${ds.options.type === 'postgres' ? '$1' : '?'} WHERE id = ${t.admin.id}`, [`${before}（改）`]);
    expect((await reads.all<{ name: string }>(sql, { id: t.admin.id }))[0].name).toBe(`${before}（改）`);
  });

  it('reports a failing statement once, briefly, and throws TypeORM’s QueryFailedError', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    try {
      await expect(directReads(ds).all('SELECT nope FROM person p WHERE p.id = :id', { id: 1 })).rejects.toBeInstanceOf(QueryFailedError);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^查询失败：.*SELECT nope FROM person/);
    expect(errors[0]).toContain('1 个参数');
  });
});
