import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkingCalendar } from '../schedule/index.js';
import { compileQuarterlyReport } from './compile.js';
import { syntheticInput } from './fixtures.js';
import { jsonPieces, renderJson, writeJsonFile } from './render-json.js';
import type { QuarterlyReport } from './types.js';

const join = (v: unknown) => [...jsonPieces(v)].join('');

describe('JSON streamed in pieces', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ducha-json-'));
  const report = compileQuarterlyReport(
    syntheticInput({
      seed: 7,
      tasks: 3_000,
      units: 12,
      owners: 60,
      items: 200,
      year: 2024,
      quarter: 3,
      now: new Date('2024-10-08T02:00:00Z'),
      calendar: createWorkingCalendar(),
      evidencePerDone: 2,
    }),
  );

  it('joins to exactly JSON.stringify of a real report', () => {
    expect(report.rows.length).toBeGreaterThan(1000);
    expect(join(report)).toBe(renderJson(report));
  });

  it('follows JSON.stringify for the awkward values: undefined, functions, toJSON, nesting, escapes, empties', () => {
    const values: unknown[] = [
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      { a: undefined },
      [undefined, () => 1, Symbol('s'), null, NaN, Infinity, -0],
      { when: new Date('2024-01-02T03:04:05Z'), nested: { deeper: { deepest: [{ x: [1, [2, { y: undefined }]] }] } } },
      { '"quoted" \u2028 键': 'line\nbreak "q" \\ \u0000', emoji: '督查😀' },
      [],
      {},
      [[], {}, [[]]],
      { toJSON: () => ({ replaced: true }) },
      'plain',
      42,
      null,
    ];
    for (const v of values) expect(join(v)).toBe(JSON.stringify(v));
    expect([...jsonPieces(undefined)]).toEqual([]);
  });

  it('writes the same bytes to a file, a piece at a time', () => {
    const file = path.join(dir, 'report.json');
    const size = writeJsonFile(report, file);
    const bytes = readFileSync(file);
    expect(bytes.equals(Buffer.from(renderJson(report), 'utf8'))).toBe(true);
    expect(size).toBe(bytes.length);
  });

  it('leaves no partial file when the report cannot be written', () => {
    const file = path.join(dir, 'broken.json');
    const broken = {
      ...report,
      rows: [
        {
          get taskId() {
            throw new Error('boom');
          },
        },
      ],
    } as unknown as QuarterlyReport;
    expect(() => writeJsonFile(broken, file)).toThrow('boom');
    expect(existsSync(file)).toBe(false);
  });
});
