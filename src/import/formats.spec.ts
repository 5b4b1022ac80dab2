import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { extractItems } from './extract.js';
import { docxHtmlToText, ImportError, readPlanFile, writeLedgerXlsx, zipEntryNames, type LedgerItem } from './formats.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');

/** A zip with stored (uncompressed) entries: enough to make broken Office files. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBuf = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function rejects(p: Promise<unknown>, code: string): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).code).toBe(code);
    expect((e as ImportError).message).toMatch(/[\u4e00-\u9fa5]/);
    return e as ImportError;
  }
  throw new Error(`expected ImportError ${code}`);
}

describe('readPlanFile: text', () => {
  it('reads UTF-8, with or without a BOM', async () => {
    const text = '一、学习\n\n1、3月份开展一次培训。\n';
    expect(await readPlanFile(Buffer.from(text), 'plan.txt')).toEqual({ kind: 'text', text, encoding: 'utf-8' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect((await readPlanFile(bom, 'plan.txt')).text).toBe(text);
  });

  it('reads GB18030 text that is not valid UTF-8', async () => {
    const bytes = readFileSync(resolve(fixtures, 'plan-gb18030.txt'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const file = await readPlanFile(bytes, 'plan.txt');
    expect(file.encoding).toBe('gb18030');
    expect(file.text).toContain('2024年镇人大主席团工作计划');
    const items = extractItems(file.text!);
    expect(items.map((i) => i.schedule?.window ?? i.schedule?.recurrence ?? i.schedule?.deadline)).toEqual([{ start: '03', end: '04' }, 'quarterly', '10-end']);
  });

  it('reads UTF-16 with a BOM', async () => {
    const text = '1、每月走访一次选民。';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await readPlanFile(le, 'plan.txt')).text).toBe(text);
  });

  it('rejects empty, blank, binary and oversized files with a typed error', async () => {
    await rejects(readPlanFile(Buffer.alloc(0), 'a.txt'), 'EMPTY');
    await rejects(readPlanFile(Buffer.from(' \n\t\n'), 'a.txt'), 'EMPTY');
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    await rejects(readPlanFile(binary, 'a.txt'), 'BINARY');
    await rejects(readPlanFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'scan.png'), 'BINARY');
    const big = await rejects(readPlanFile(Buffer.alloc(2048, 0x41), 'a.txt', { maxBytes: 1024 }), 'TOO_LARGE');
    expect(big.status).toBe(413);
    expect(big.details).toEqual({ size: 2048, maxBytes: 1024 });
    await rejects(readPlanFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), 'old.doc'), 'LEGACY_OFFICE');
    await rejects(readPlanFile(Buffer.from('%PDF-1.7\n'), 'plan.pdf'), 'UNSUPPORTED_FORMAT');
  });
});

describe('readPlanFile: docx', () => {
  async function docxOf(paragraphs: string[]): Promise<Buffer> {
    const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
    return Packer.toBuffer(doc);
  }

  it('reads the text of a Word document, whatever the file is called', async () => {
    const buf = await docxOf(['2024年镇人大工作计划', '一、代表工作', '1、3—4月份，组织代表开展一次视察活动。', '2、加强代表学习。']);
    expect(zipEntryNames(buf)).toContain('word/document.xml');
    const file = await readPlanFile(buf, 'upload.bin');
    expect(file.kind).toBe('docx');
    expect(file.text).toContain('1、3—4月份，组织代表开展一次视察活动。');
    const items = extractItems(file.text!);
    expect(items.map((i) => [i.section, i.timed])).toEqual([
      [['代表工作'], true],
      [['代表工作'], false],
    ]);
    expect(items[0].schedule?.window).toEqual({ start: '03', end: '04' });
  });

  it('refuses a zip that would unpack to more than the limit', async () => {
    const buf = await docxOf(['一、学习', '1、3月份开展一次培训。'.repeat(2000)]);
    const err = await rejects(readPlanFile(buf, 'plan.docx', { maxUnpackedBytes: 20_000 }), 'TOO_LARGE');
    expect(err.details?.maxUnpackedBytes).toBe(20_000);
    expect((await readPlanFile(buf, 'plan.docx')).kind).toBe('docx');
  });

  it('rejects a broken docx', async () => {
    const buf = await docxOf(['一、学习']);
    await rejects(readPlanFile(buf.subarray(0, buf.length - 200), 'plan.docx'), 'MALFORMED_DOCX');
    await rejects(readPlanFile(zip({ 'word/document.xml': '<w:document><w:body><w:p>' }), 'plan.docx'), 'MALFORMED_DOCX');
    await rejects(readPlanFile(Buffer.from('not really a word file'), 'plan.docx'), 'MALFORMED_DOCX');
  });
});

describe('readPlanFile: xlsx ledger', () => {
  async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb.addWorksheet('台账'));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('finds the header by its names at row 3, with the columns in another order', async () => {
    const buf = await xlsx((ws) => {
      ws.addRow(['2024年镇人大主席团重点工作任务台账']);
      ws.addRow(['填报单位：镇人大办', null, null, '填报日期：2024年1月5日']);
      ws.addRow(['责任单位', '工作内容', '序号', '完成时限', '佐证资料', '责任人', '配合单位（协办）']);
      ws.addRow(['镇人大主席团', '组织代表开展视察活动', 1, '3—4月份', '视察报告、照片×3', '张三', '镇政府办、财政所']);
      ws.addRow([]);
      ws.addRow(['镇政府', '完成问题整改', 2, '10月底前', '整改报告', '李四', null]);
      ws.addRow(['镇人大办', '听取工作报告', 3, null, null, null, null]);
      ws.addRow(['镇人大办', '召开代表座谈会', 4, new Date(Date.UTC(2024, 2, 25)), '会议记录', null, null]);
    });
    const file = await readPlanFile(buf, '台账.xlsx');
    expect(file.kind).toBe('xlsx');
    expect(file.title).toBe('2024年镇人大主席团重点工作任务台账');
    expect(file.year).toBe(2024);
    expect(file.rows!.map((r) => r.row)).toEqual([4, 6, 7, 8]);
    expect(file.rows![0]).toEqual({
      row: 4,
      code: '1',
      title: '组织代表开展视察活动',
      section: [],
      timeText: '3—4月份',
      schedule: { window: { start: '03', end: '04' }, deadline: null, recurrence: null, times: null, year: null },
      scheduleIssue: null,
      unit: '镇人大主席团',
      owner: '张三',
      coUnits: ['镇政府办', '财政所'],
      evidence: [
        { kind: '视察报告', min: 1 },
        { kind: '照片', min: 3 },
      ],
    });
    expect(file.rows![1].schedule?.deadline).toBe('10-end');
    expect(file.rows![2]).toMatchObject({ timeText: null, schedule: null, owner: null, coUnits: [], evidence: [] });
    expect(file.rows![3]).toMatchObject({ timeText: '2024年3月25日', schedule: { deadline: '03-25', year: 2024 } });
  });

  it('takes one-cell rows as section headings when there is no section column', async () => {
    const buf = await xlsx((ws) => {
      ws.addRow(['序号', '工作任务', '时间节点', '责任单位']);
      ws.addRow(['一、代表工作']);
      ws.addRow([1, '每季度开展一次代表活动', '每季度', '镇人大主席团']);
      ws.addRow(['二、监督工作']);
      ws.addRow([2, '专项督查', '第三季度', '镇人大主席团']);
    });
    const rows = (await readPlanFile(buf, 'a.xlsx')).rows!;
    expect(rows.map((r) => [r.section, r.title, r.schedule?.recurrence ?? r.schedule?.window])).toEqual([
      [['代表工作'], '每季度开展一次代表活动', 'quarterly'],
      [['监督工作'], '专项督查', { start: '07', end: '09' }],
    ]);
  });

  it('rejects a sheet without a recognisable header, and a broken workbook', async () => {
    const noHeader = await xlsx((ws) => {
      for (let i = 0; i < 25; i++) ws.addRow([`第${i}行`, '内容']);
    });
    await rejects(readPlanFile(noHeader, 'a.xlsx'), 'NO_HEADER');
    await rejects(readPlanFile(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook><sheets><sheet' }), 'a.xlsx'), 'MALFORMED_XLSX');
    const good = await xlsx((ws) => ws.addRow(['序号', '工作任务', '时间节点']));
    await rejects(readPlanFile(good.subarray(0, good.length - 100), 'a.xlsx'), 'MALFORMED_XLSX');
  });
});

describe('writeLedgerXlsx', () => {
  const items: LedgerItem[] = [
    {
      code: '1',
      title: '开展一次廉政风险防控建设专题教育活动',
      section: ['工作重点', '狠抓学习教育,提高党员干部素质'],
      timeText: '3—4月份',
      schedule: { window: { start: '03', end: '04' }, deadline: null, recurrence: null, times: null, year: null },
      unit: '局纪检',
      owner: '王五',
      coUnits: ['办公室', '财务股'],
      evidence: [
        { kind: '通知', min: 1 },
        { kind: '照片', min: 3 },
      ],
    },
    {
      code: '2',
      title: '每季度开展一次代表联系选民活动',
      section: ['工作打算'],
      timeText: '每季度一次',
      schedule: { window: null, deadline: null, recurrence: 'quarterly', times: 1, year: null },
      unit: null,
      owner: null,
      coUnits: [],
      evidence: [],
    },
    {
      code: null,
      title: '确保10底前全面整改到位',
      section: [],
      timeText: '10底前',
      schedule: { window: null, deadline: '10-end', recurrence: null, times: null, year: null },
      unit: '镇政府',
      owner: null,
      coUnits: [],
      evidence: [{ kind: '整改报告', min: 1 }],
    },
    {
      code: '4',
      title: '加强代表学习',
      section: ['工作打算'],
      timeText: null,
      schedule: null,
      unit: null,
      owner: null,
      coUnits: [],
      evidence: [{ kind: '完成情况报告', min: 1 }],
    },
  ];

  it('reads back the same plan and items (round trip)', async () => {
    const buf = await writeLedgerXlsx({ title: '2018年纪检工作计划', year: 2018, items });
    const file = await readPlanFile(buf, 'export.xlsx');
    expect(file.kind).toBe('xlsx');
    expect(file.title).toBe('2018年纪检工作计划');
    expect(file.year).toBe(2018);
    expect(file.rows!.map(({ row: _row, scheduleIssue: _issue, ...item }) => item)).toEqual(items);
    expect(file.rows!.every((r) => r.scheduleIssue === null)).toBe(true);
  });

  it('freezes and filters the header row and sets column widths', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeLedgerXlsx({ title: '计划', year: null, items })) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '所属部分', '工作任务', '时间节点', '责任单位', '责任人', '配合单位', '佐证材料']);
    expect(ws.getColumn(3).width).toBeGreaterThan(40);
  });
});

describe('docxHtmlToText: Word tables as rows', () => {
  it('writes a paragraph per line and a table row per line, cells tab-separated (trailing empty cells dropped), entities decoded', () => {
    const html =
      '<h1>2024年工作计划</h1><p>一、任务</p><table><tr><td><p>工作任务</p></td><td><p>责任单位</p></td></tr>' +
      '<tr><td><p>开展“安全月”</p><p>活动 &amp; 宣传</p></td><td></td></tr></table><p>二、要求</p>';
    expect(docxHtmlToText(html)).toBe('2024年工作计划\n一、任务\n工作任务\t责任单位\n开展“安全月” 活动 & 宣传\n二、要求');
  });
});
