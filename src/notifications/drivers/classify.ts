/**
 * One rule for every channel: is a failed send worth retrying? Reminders, digests and the quarterly
 * report all go through it, so they agree (they used to disagree on SMTP 5xx).
 */
export type FailureKind = 'permanent' | 'temporary';

/** A failure that retrying will not fix (no address, refused host, 5xx from SMTP): the message fails at once. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * SMTP (RFC 5321): 5xx replies are permanent, 4xx temporary. Without a reply code it is the
 * network (refused, reset, timeout: temporary), unless nodemailer refused the envelope itself.
 */
export function classifySmtp(e: unknown): FailureKind {
  const err = e as { responseCode?: number; code?: string };
  if (e instanceof PermanentDeliveryError) return 'permanent';
  if (typeof err.responseCode === 'number') return err.responseCode >= 500 && err.responseCode < 600 ? 'permanent' : 'temporary';
  return err.code === 'EENVELOPE' || err.code === 'EMESSAGE' ? 'permanent' : 'temporary';
}

/** HTTP: a 4xx is our request's fault (permanent) except timeouts and rate limits; 5xx and network errors are temporary. */
export function classifyHttp(status: number | null): FailureKind {
  if (status === null) return 'temporary';
  if (status === 408 || status === 425 || status === 429) return 'temporary';
  return status >= 400 && status < 500 ? 'permanent' : 'temporary';
}
