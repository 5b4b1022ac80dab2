import { randomUUID } from 'node:crypto';

/** The header a request id is taken from (when a proxy already gave one) and answered in. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Every request's id, kept from X-Request-Id when sane (a proxy's id), else a new UUID; errors and logs quote it. */
export function requestIdFor(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/** The id the HTTP adapter gave this request (fastify's `request.id`, set through `genReqId` from requestIdFor). */
export function requestIdOf(req: unknown): string {
  const id = (req as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : '-';
}
