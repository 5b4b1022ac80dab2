import { DataSource } from 'typeorm';
import { bindIntegerParameters, dataSourceOptions } from './data-source.js';

describe('SQLite parameters', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ ...dataSourceOptions({ isPostgres: false, sqlitePath: ':memory:', databaseUrl: 'sqlite::memory:' }), entities: [], migrations: [] });
    await ds.initialize();
    await ds.query('CREATE TABLE sample (id INTEGER PRIMARY KEY, label TEXT, amount REAL)');
    await ds.query(`INSERT INTO sample (id, label, amount) VALUES (84012, '84012', 2.5), (7, 'seven', 7)`);
  });
  afterAll(() => ds.destroy());

  it('binds safe integers as BigInt and leaves every other value as it was', () => {
    const params = { id: 3, big: 2 ** 60, frac: 2.5, text: '3', none: null };
    expect(bindIntegerParameters(params)).toEqual({ id: 3n, big: 2 ** 60, frac: 2.5, text: '3', none: null });
    expect(params.id).toBe(3); // not changed in place: TypeORM keeps the query builder's parameters
  });

  it('sends one statement text whatever the id, with the id bound (not written into the SQL)', () => {
    const sql = (id: number) => ds.createQueryBuilder().from('sample', 's').select('s.label', 'label').where('s.id = :id', { id }).getQueryAndParameters();
    const [a, pa] = sql(84012);
    const [b, pb] = sql(7);
    expect(a).toBe(b);
    expect(a).not.toContain('84012');
    expect(pa).toEqual([84012n]);
    expect(pb).toEqual([7n]);
  });

  it('answers as the literal did: INTEGER for integers, REAL for fractions, no match of a number against text', async () => {
    const qb = (where: string, params: Record<string, unknown>) =>
      ds.createQueryBuilder().from('sample', 's').select('s.id', 'id').addSelect('typeof(:probe)', 'type').where(where, params).getRawMany();
    expect(await qb('s.id = :id', { id: 84012, probe: 5 })).toEqual([{ id: 84012, type: 'integer' }]);
    expect(await qb('s.amount = :a', { a: 2.5, probe: 2.5 })).toEqual([{ id: 84012, type: 'real' }]);
    // A TEXT column compared with an integer: SQLite applies the column's affinity to a literal and a bound INTEGER alike.
    expect(await qb('s.label = :n', { n: 84012, probe: 1 })).toEqual([{ id: 84012, type: 'integer' }]);
    expect(await qb('s.id IN (:...ids)', { ids: [7, 84012], probe: 1 })).toHaveLength(2);
  });
});
