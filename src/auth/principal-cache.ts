import type { Actor } from './access.js';
import type { TokenKind } from './auth.entities.js';

/** What a bearer token resolved to: the caller, and what each request still checks itself. */
export interface Principal {
  actor: Actor;
  kind: TokenKind;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

interface Entry {
  principal: Principal;
  at: number;
}

/**
 * Token → caller, kept for `ttlMs` so that a signed-in request does not read auth_token, person and
 * org each time (#14). Keyed by the token's SHA-256, never the token. Everything this process does
 * that ends or changes a sign-in (logout, password set or changed, token revoked, a person changed,
 * deactivated or deleted, an org changed) forgets the entries at once; another process (a second
 * API instance) sees such a change within `ttlMs`. Expiry is still checked on every request. Time
 * is the caller's (the injected clock): an entry from the future (clock set back) is stale.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(hash: string, now: number): Principal | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (now < e.at || now - e.at >= this.ttlMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.principal;
  }

  set(hash: string, principal: Principal, now: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(hash);
    // Oldest first out (a Map keeps insertion order): bounded however many tokens are in use.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { principal, at: now });
  }

  forgetToken(tokenId: number): void {
    for (const [k, e] of this.entries) if (e.principal.actor.tokenId === tokenId) this.entries.delete(k);
  }

  forgetPerson(personId: number): void {
    for (const [k, e] of this.entries) if (e.principal.actor.id === personId) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
