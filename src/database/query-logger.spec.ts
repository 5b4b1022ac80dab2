import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { BriefQueryLogger, briefQueryError, QUERY_HEAD_CHARS } from './query-logger.js';

describe('BriefQueryLogger', () => {
  it('briefQueryError keeps the error, the head of the SQL, its size and the number of values, not the values', () => {
    const query = `INSERT INTO "notification" ("key") VALUES ${Array.from({ length: 50_000 }, () => '(?)').join(', ')}`;
    const params = Array.from({ length: 50_000 }, (_, i) => `secret-${i}`);
    const line = briefQueryError(new Error('too many SQL variables'), query, params);
    expect(line).toContain('too many SQL variables');
    expect(line).toContain('INSERT INTO "notification" ("key") VALUES (?), (?)');
    expect(line).toContain('50000 个参数');
    expect(line).toMatch(/SQL \d+\.\d KB/);
    expect(line).not.toContain('secret-');
    expect(line.length).toBeLessThan(QUERY_HEAD_CHARS + 200);
    expect(briefQueryError('syntax error', 'SELECT 1', [])).toBe('查询失败：syntax error —— SELECT 1（SQL 8 B，0 个参数）');
  });

  it("a statement over SQLite's variable limit fails and is logged exactly once, briefly", async () => {
    const lines: string[] = [];
    const db = new DataSource({ type: 'better-sqlite3', database: ':memory:', logging: ['error'], logger: new BriefQueryLogger((l) => lines.push(l)) });
    await db.initialize();
    try {
      await db.query('CREATE TABLE t (v INTEGER)');
      const n = 40_000;
      const sql = `INSERT INTO t (v) VALUES ${Array.from({ length: n }, () => '(?)').join(', ')}`;
      await expect(
        db.query(
          sql,
          Array.from({ length: n }, (_, i) => i),
        ),
      ).rejects.toThrow(/too many SQL variables/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('too many SQL variables');
      expect(lines[0]).toContain('40000 个参数');
      expect(lines[0].length).toBeLessThan(QUERY_HEAD_CHARS + 200);
      expect(sql.length).toBeGreaterThan(100_000);
    } finally {
      await db.destroy();
    }
  });
});
