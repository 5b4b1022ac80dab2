/**
 * Instants as the API writes them (ISO 8601 in UTC, `2024-07-10T02:00:00.000Z`), made fast.
 *
 * Why: JSON.stringify calls Date#toJSON → toISOString for every instant, and on Node 20 that costs
 * ~1.3 µs each; a page of 50 tasks has ~400 of them, which made serialising the task list (300 µs)
 * cost as much as its SQL (bench:api BENCH_EXPLAIN, #14). An `Instant` is a Date in every respect
 * (instanceof, getTime, comparisons) whose toJSON formats by arithmetic and remembers recent answers
 * (a page's due instants and creation times repeat).
 */
import { civilOf } from '../schedule/days.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `Date#toISOString` for years 0–9999 by arithmetic (the calendar's civilOf for the day); the spec compares them. */
export function isoFromMs(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const { y, m, d } = civilOf(days);
  if (y < 0 || y > 9999) return new Date(ms).toISOString(); // ±YYYYYY form: leave it to the engine
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}

const recent = new Map<number, string>();

/** isoFromMs with the last few thousand answers kept. */
export function isoOf(ms: number): string {
  let s = recent.get(ms);
  if (s === undefined) {
    if (recent.size >= 4096) recent.clear();
    recent.set(ms, (s = isoFromMs(ms)));
  }
  return s;
}

/** A Date whose JSON is isoOf (same text as Date's, faster). */
export class Instant extends Date {
  override toJSON(): string {
    const ms = this.getTime();
    return Number.isNaN(ms) ? (null as unknown as string) : isoOf(ms);
  }
}

/** An instant read from the database (epoch ms as number, bigint or string), or null. */
export const instantOrNull = (v: unknown): Date | null => (v == null ? null : new Instant(Number(v)));
