/**
 * SQLite answers "database is locked" at once, without its busy handler, when two connections would
 * deadlock (two processes switching a fresh file to WAL, a reader upgrading to a writer, a snapshot
 * gone stale) or after the busy timeout. Work that is one transaction can simply be tried again.
 */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked|SQLITE_BUSY/i.test(String((e as Error)?.message ?? e));
}

/**
 * Runs `work` (one transaction, so safe to repeat) and tries it again while SQLite is busy, up to
 * `attempts` times with a growing pause of `pauseMs` × attempt (plus `jitterMs` at random). PostgreSQL
 * errors, other errors and the last busy one are thrown.
 */
export async function retryWhileSqliteBusy<T>(
  postgres: boolean,
  work: () => Promise<T>,
  o: { attempts: number; pauseMs: number; jitterMs?: number; onRetry?: (attempt: number) => void },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (postgres || attempt >= o.attempts || !isSqliteBusy(e)) throw e;
      o.onRetry?.(attempt);
      await new Promise((r) => setTimeout(r, o.pauseMs * attempt + Math.floor(Math.random() * (o.jitterMs ?? 0))));
    }
  }
}
