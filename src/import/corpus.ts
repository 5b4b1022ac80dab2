/**
 * The development corpus (test/fixtures/plans/): real plan documents, each with a sidecar
 * `<name>.truth.json` ({ source, kind, format, plans: [TruthPlan] }). Documents are read through
 * the import's own format reader, so a .docx is scored on the text the import sees.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { addTally, emptyTally, evaluateExtraction, scoresOf, type EvalReport, type ItemRecord, type Scores, type Truth } from './eval.js';
import { readPlanFile } from './formats.js';

export interface CorpusTruth extends Truth {
  source?: string;
  kind?: string;
  format?: string;
}

export interface CorpusDocument {
  /** File name of the document. */
  name: string;
  path: string;
  text: string;
  truth: CorpusTruth;
}

export interface DocumentScore {
  name: string;
  kind: string | null;
  format: string;
  report: EvalReport;
}

export interface CorpusReport {
  documents: DocumentScore[];
  overall: Scores;
  records: ItemRecord[];
  ms: number;
}

/** The documents of the corpus with their truth, in file-name order; sidecars without a document are reported. */
export async function loadCorpus(dir: string): Promise<{ documents: CorpusDocument[]; orphans: string[] }> {
  if (!existsSync(dir)) return { documents: [], orphans: [] };
  const files = readdirSync(dir).sort();
  const documents: CorpusDocument[] = [];
  const orphans: string[] = [];
  for (const f of files.filter((x) => x.endsWith('.truth.json'))) {
    const stem = f.slice(0, -'.truth.json'.length);
    // "a-01-x.txt.truth.json" beside "a-01-x.txt", or "a-01-x.truth.json" beside "a-01-x.txt|docx"
    const names = /\.(txt|docx)$/.test(stem) ? [stem] : [`${stem}.txt`, `${stem}.docx`];
    const doc = names.find((d) => files.includes(d));
    if (!doc) {
      orphans.push(f);
      continue;
    }
    const path = join(dir, doc);
    const file = await readPlanFile(readFileSync(path), doc);
    documents.push({ name: basename(doc), path, text: file.text ?? '', truth: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CorpusTruth });
  }
  return { documents, orphans };
}

export function evaluateCorpus(documents: CorpusDocument[]): CorpusReport {
  const scored: DocumentScore[] = documents.map((d) => ({
    name: d.name,
    kind: d.truth.kind ?? null,
    format: d.truth.format ?? (d.name.endsWith('.docx') ? 'docx' : 'txt'),
    report: evaluateExtraction(d.text, d.truth),
  }));
  const all = emptyTally();
  for (const d of scored) addTally(all, d.report.overall);
  return {
    documents: scored,
    overall: scoresOf(all),
    records: scored.flatMap((d) => d.report.records),
    ms: scored.reduce((a, d) => a + d.report.ms, 0),
  };
}
