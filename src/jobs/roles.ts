/** What a process does. The default is all three, so one `ducha serve` is a whole installation. */
export const ROLES = ['api', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/** "api,worker" → ['api', 'worker']; unknown names are returned in `unknown` for the config error. */
export function parseRoles(text: string): { roles: Role[]; unknown: string[] } {
  const names = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const roles = ROLES.filter((r) => names.includes(r));
  return { roles, unknown: names.filter((n) => !(ROLES as readonly string[]).includes(n)) };
}

/**
 * The roles in force: the configured list, less the worker when the deprecated
 * `supervision.workers: false` says so, less the scheduler when `scheduler.enabled: false`
 * (DUCHA_SCHEDULER=false) says so.
 */
export function effectiveRoles(configured: readonly Role[], legacy: { workers?: boolean | null; schedulerEnabled?: boolean | null }): Role[] {
  return configured.filter((r) => !(r === 'worker' && legacy.workers === false) && !(r === 'scheduler' && legacy.schedulerEnabled === false));
}
