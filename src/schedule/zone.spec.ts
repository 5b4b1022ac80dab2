import { endOfDay, localDateTime, localDay, startOfDay } from './zone.js';

describe('zone', () => {
  it('gives the first and last instant of a Shanghai day (UTC+8, no DST)', () => {
    expect(startOfDay('2024-03-01', 'Asia/Shanghai').toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(endOfDay('2024-10-31', 'Asia/Shanghai').toISOString()).toBe('2024-10-31T15:59:59.999Z');
  });

  it('follows DST in Europe/Berlin', () => {
    expect(endOfDay('2024-03-30', 'Europe/Berlin').toISOString()).toBe('2024-03-30T22:59:59.999Z'); // CET
    expect(endOfDay('2024-03-31', 'Europe/Berlin').toISOString()).toBe('2024-03-31T21:59:59.999Z'); // CEST from 02:00
    expect(startOfDay('2024-10-27', 'Europe/Berlin').toISOString()).toBe('2024-10-26T22:00:00.000Z');
    expect(startOfDay('2024-10-28', 'Europe/Berlin').toISOString()).toBe('2024-10-27T23:00:00.000Z');
  });

  it('uses the first instant of a day whose midnight does not exist', () => {
    // Chile moved clocks from 00:00 to 01:00 on 2024-09-08.
    expect(startOfDay('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });

  it('gives the local day of an instant', () => {
    const instant = new Date('2024-10-31T16:30:00Z');
    expect(localDay(instant, 'Asia/Shanghai')).toBe('2024-11-01');
    expect(localDay(instant, 'Europe/Berlin')).toBe('2024-10-31');
    expect(localDay(endOfDay('2024-10-31', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2024-10-31');
  });

  it('writes an instant as local wall time with offset and zone, for log lines operators read', () => {
    const instant = new Date('2024-10-31T16:30:05Z');
    expect(localDateTime(instant, 'Asia/Shanghai')).toBe('2024-11-01 00:30:05 +08:00 Asia/Shanghai');
    expect(localDateTime(instant, 'Europe/Berlin')).toBe('2024-10-31 17:30:05 +01:00 Europe/Berlin');
    expect(() => localDateTime(new Date(Number.NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });

  it('gives the right day on either side of a remembered day, on a 23-hour DST day too', () => {
    // Berlin's 2024-03-31 runs from 23:00Z on the 30th to 22:00Z on the 31st (clocks went forward).
    const day = (iso: string) => localDay(new Date(iso), 'Europe/Berlin');
    expect(day('2024-03-31T12:00:00Z')).toBe('2024-03-31');
    expect(day('2024-03-31T21:59:59.999Z')).toBe('2024-03-31');
    expect(day('2024-03-31T22:00:00Z')).toBe('2024-04-01');
    expect(day('2024-03-30T23:00:00Z')).toBe('2024-03-31');
    expect(day('2024-03-30T22:59:59.999Z')).toBe('2024-03-30');
    expect(day('2024-03-31T00:00:00Z')).toBe('2024-03-31');
  });

  it('hands out a fresh Date each time, so a caller cannot change the cache', () => {
    const a = endOfDay('2024-01-01', 'Asia/Shanghai');
    a.setTime(0);
    expect(endOfDay('2024-01-01', 'Asia/Shanghai').toISOString()).toBe('2024-01-01T15:59:59.999Z');
  });

  it('refuses unknown zones and bad days', () => {
    expect(() => endOfDay('2024-01-01', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => startOfDay('2024-02-30', 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => localDay(new Date(Number.NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });
});
