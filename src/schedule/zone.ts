import { DateTime, IANAZone } from 'luxon';
import { parseDay } from './days.js';

/**
 * Instants of local days in an IANA time zone. Window math happens in the org's zone; instants
 * are stored in UTC. Results are cached per (zone, day) because activating many tasks asks for
 * the same few hundred days again and again; a fresh Date is handed out each time since Dates
 * are mutable.
 */

const MAX_CACHE = 50_000;
const startCache = new Map<string, number>();
const endCache = new Map<string, number>();
const zoneOk = new Set<string>();
/**
 * Per zone, the local day last asked for and the instants it spans: every message of a delivery
 * run asks for today in its org's zone, and luxon's formatting cost more than the rest of the line.
 */
const daySpans = new Map<string, { day: string; from: number; until: number }>();

export function assertTimeZone(tz: string): void {
  if (zoneOk.has(tz)) return;
  if (!IANAZone.isValidZone(tz)) throw new RangeError(`unknown time zone: ${JSON.stringify(tz)}`);
  zoneOk.add(tz);
}

function remember(cache: Map<string, number>, key: string, ms: number): number {
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, ms);
  return ms;
}

function localMidnight(day: string, tz: string): DateTime {
  assertTimeZone(tz);
  const { y, m, d } = parseDay(day);
  // Where midnight does not exist (a DST jump at 00:00), luxon moves forward to the first valid instant.
  return DateTime.fromObject({ year: y, month: m, day: d }, { zone: tz });
}

/** First instant of the local day. */
export function startOfDay(day: string, tz: string): Date {
  const key = `${tz}|${day}`;
  const ms = startCache.get(key) ?? remember(startCache, key, localMidnight(day, tz).toMillis());
  return new Date(ms);
}

/** Last millisecond of the local day (23:59:59.999 local time): the due instant of a due day. */
export function endOfDay(day: string, tz: string): Date {
  const key = `${tz}|${day}`;
  const ms = endCache.get(key) ?? remember(endCache, key, localMidnight(day, tz).endOf('day').toMillis());
  return new Date(ms);
}

/** The local calendar day "YYYY-MM-DD" of an instant. */
export function localDay(instant: Date, tz: string): string {
  const ms = instant.getTime();
  const span = daySpans.get(tz);
  if (span && ms >= span.from && ms < span.until) return span.day;
  assertTimeZone(tz);
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  const local = DateTime.fromMillis(ms, { zone: tz });
  const start = local.startOf('day');
  const next = { day: local.toFormat('yyyy-MM-dd'), from: start.toMillis(), until: start.plus({ days: 1 }).toMillis() };
  if (daySpans.size >= MAX_CACHE) daySpans.clear();
  daySpans.set(tz, next);
  return next.day;
}

/** An instant as operators read it: "2024-10-31 16:00:00 +08:00 Asia/Shanghai" (local wall time, offset and zone). */
export function localDateTime(instant: Date, tz: string): string {
  assertTimeZone(tz);
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date');
  return `${DateTime.fromMillis(instant.getTime(), { zone: tz }).toFormat('yyyy-MM-dd HH:mm:ss ZZ')} ${tz}`;
}
