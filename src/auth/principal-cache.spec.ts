import { PrincipalCache, type Principal } from './principal-cache.js';

const principal = (id: number, tokenId: number): Principal => ({
  actor: { id, orgId: 1, unitId: null, roles: ['staff'], name: `人${id}`, tokenId },
  kind: 'session',
  expiresAt: null,
  lastUsedAt: null,
});

describe('PrincipalCache', () => {
  it('answers within the TTL and not after it, by the given clock (a clock set back makes the entry stale)', () => {
    const c = new PrincipalCache(5_000);
    c.set('h1', principal(7, 70), 1_000);
    expect(c.get('h1', 1_000)?.actor.id).toBe(7);
    expect(c.get('h1', 5_999)?.actor.id).toBe(7);
    expect(c.get('h1', 6_000)).toBeUndefined();
    c.set('h1', principal(7, 70), 10_000);
    expect(c.get('h1', 9_999)).toBeUndefined();
  });

  it('forgets one token, every token of a person, or everything', () => {
    const c = new PrincipalCache(5_000);
    c.set('a', principal(1, 10), 0);
    c.set('b', principal(1, 11), 0);
    c.set('c', principal(2, 20), 0);
    c.forgetToken(10);
    expect([c.get('a', 1), c.get('b', 1)?.actor.tokenId, c.get('c', 1)?.actor.tokenId]).toEqual([undefined, 11, 20]);
    c.forgetPerson(1);
    expect([c.get('b', 1), c.get('c', 1)?.actor.id]).toEqual([undefined, 2]);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('stays bounded, dropping the oldest; a TTL of 0 keeps nothing', () => {
    const c = new PrincipalCache(5_000, 3);
    for (let i = 0; i < 5; i++) c.set(`h${i}`, principal(i, i), 0);
    expect(c.size).toBe(3);
    expect(c.get('h0', 1)).toBeUndefined();
    expect(c.get('h4', 1)?.actor.id).toBe(4);
    const off = new PrincipalCache(0);
    off.set('x', principal(1, 1), 0);
    expect(off.get('x', 0)).toBeUndefined();
  });
});
