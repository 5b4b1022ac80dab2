import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type { QuarterlyReport } from './types.js';

/** The report object as JSON; instants are already ISO strings and days YYYY-MM-DD. */
export function renderJson(r: QuarterlyReport, pretty = false): string {
  return JSON.stringify(r, null, pretty ? 2 : undefined);
}

/** Objects this many levels deep are written key by key; below that each value is one JSON.stringify. */
const STREAMED_DEPTH = 3;

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * JSON.stringify(value) (compact) in pieces whose concatenation is byte for byte the same text, so a
 * report of 100,000 ledger rows (~67 MB of JSON) never exists as one string: the top objects (the
 * report, its `evidence`, …) are walked key by key, and an array met on the way is written one
 * element (one JSON.stringify, e.g. one ledger row) at a time.
 * Same rules as JSON.stringify: object keys in Object.keys order, keys whose value gives no JSON
 * (undefined, functions, symbols) left out, such array elements written as null, toJSON honoured.
 */
export function* jsonPieces(value: unknown, depth = STREAMED_DEPTH): Generator<string> {
  if (depth <= 0 || !isContainer(value)) {
    const s = JSON.stringify(value);
    if (s !== undefined) yield s;
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield JSON.stringify(value[i]) ?? 'null';
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const v: unknown = (value as Record<string, unknown>)[key];
    const leaf = isContainer(v) ? undefined : JSON.stringify(v);
    if (!isContainer(v) && leaf === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (leaf !== undefined) yield leaf;
    else yield* jsonPieces(v, depth - 1);
  }
  yield '}';
}

/** Pieces are gathered to about this many characters before each write. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes the report's JSON (the same bytes as renderJson) to `file`, a megabyte at a time. Synchronous:
 * it runs on the report worker thread (report-worker.ts), where blocking holds no request. A failed
 * write leaves no partial file behind.
 */
export function writeJsonFile(r: QuarterlyReport, file: string): number {
  const fd = openSync(file, 'wx', 0o600);
  let bytes = 0;
  try {
    let chunk = '';
    for (const piece of jsonPieces(r)) {
      chunk += piece;
      if (chunk.length >= WRITE_CHUNK) {
        bytes += writeAll(fd, chunk);
        chunk = '';
      }
    }
    if (chunk) bytes += writeAll(fd, chunk);
  } catch (e) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw e;
  }
  closeSync(fd);
  return bytes;
}

function writeAll(fd: number, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  return bytes.length;
}
