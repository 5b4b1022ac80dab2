import { Instant, instantOrNull, isoFromMs, isoOf } from './instant.js';

describe('Instant', () => {
  it('formats every instant as Date#toISOString does (edges and a random sample of 200,000)', () => {
    const edges = [0, -1, 1, 951_782_400_000, 951_868_799_999, 1_709_251_199_999, 1_720_000_000_123, 253_402_300_799_999, -62_167_219_200_000];
    for (const ms of edges) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 4e12;
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(next());
      const got = isoFromMs(ms);
      if (got !== new Date(ms).toISOString()) throw new Error(`${ms}: ${got} ≠ ${new Date(ms).toISOString()}`);
    }
  });

  it('leaves years outside 0–9999 to the engine', () => {
    for (const ms of [-62_198_755_200_000, 253_402_300_800_000]) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('is a Date, and serialises to the same JSON as one', () => {
    const at = new Instant(1_720_576_800_000);
    expect(at).toBeInstanceOf(Date);
    expect(at.getTime()).toBe(1_720_576_800_000);
    expect(JSON.stringify({ at, none: instantOrNull(null), bad: new Instant(NaN) })).toBe(
      JSON.stringify({ at: new Date(1_720_576_800_000), none: null, bad: new Date(NaN) }),
    );
    expect(instantOrNull('1720576800000')?.getTime()).toBe(1_720_576_800_000);
    expect(isoOf(1_720_576_800_000)).toBe('2024-07-10T02:00:00.000Z');
  });
});
