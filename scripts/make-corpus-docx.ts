/**
 * Builds the .docx documents of the extraction corpus from their committed sources.
 *
 *   npm run build:scripts && node .build/scripts/make-corpus-docx.js [test/fixtures/plans]
 *
 * Each `b-NN-slug.table.txt` is a real text kept as returned by its source, laid out so the table
 * can be rebuilt: lines with a tab are table rows (cells tab-separated; the first such line is the
 * header row, with the document's own column names); a literal `\n` inside a cell is a line break
 * within that cell (the source showed the cell on several lines). Lines before the first row and
 * after the last one are paragraphs (title, lead text, signature). The result `b-NN-slug.docx` has
 * a real Word table, so the importer sees what an office's Word file gives it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const CELL_BREAK = '\\n';

function paragraph(text: string, bold = false): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, bold })] });
}

function cell(text: string, header: boolean): TableCell {
  const lines = text.split(CELL_BREAK);
  return new TableCell({ children: lines.map((line) => paragraph(line, header)) });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

export function documentFromTableText(source: string): Document {
  const lines = source.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const first = lines.findIndex((l) => l.includes('\t'));
  if (first < 0) throw new Error('no tab-separated row');
  let last = first;
  for (let i = first; i < lines.length; i++) if (lines[i].includes('\t')) last = i;
  const rows = lines.slice(first, last + 1).filter((l) => l.includes('\t'));
  const width = Math.max(...rows.map((r) => r.split('\t').length));
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: rows.map((row, i) => {
      const cells = row.split('\t');
      while (cells.length < width) cells.push('');
      return new TableRow({ tableHeader: i === 0, children: cells.map((c) => cell(c, i === 0)) });
    }),
  });
  const before = lines.slice(0, first).map((l) => paragraph(l));
  const after = lines.slice(last + 1).map((l) => paragraph(l));
  return new Document({ sections: [{ children: [...before, table, ...after] }] });
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'test/fixtures/plans');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.table.txt'));
  for (const name of sources) {
    const doc = documentFromTableText(readFileSync(join(dir, name), 'utf8'));
    const out = join(dir, name.replace(/\.table\.txt$/, '.docx'));
    writeFileSync(out, await Packer.toBuffer(doc));
    console.log(`${name} -> ${out}`);
  }
}

await main();
