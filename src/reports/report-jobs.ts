import type { JobsOptions } from 'bullmq';
import type { Quarter } from './types.js';

/** The report queue, its job and payload. The job id is the business key, so instances enqueue it once. */
export const REPORT_QUEUE = 'quarterly-report';
export const REPORT_JOB = 'send-quarterly-report';

export interface ReportJob {
  orgId: number;
  year: number;
  quarter: Quarter;
  /** null: the scheduled send (once-guarded); otherwise the audited re-send, by this person. */
  resendBy: number | null;
  /** Restrict a re-send to these addresses (empty: every recipient). */
  to?: string[];
}

/** `report:<org>:<2024-Q3>` — BullMQ accepts a custom id with exactly two colons. */
export const reportJobId = (orgId: number, year: number, quarter: Quarter): string => `report:${orgId}:${year}-Q${quarter}`;
/** Re-sends are new jobs each time (the caller asked for it), named by the request instant. */
export const resendJobId = (orgId: number, year: number, quarter: Quarter, atMs: number): string => `resend-${orgId}-${year}-Q${quarter}-${atMs}`;

export function reportJobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 7 * 86_400, count: 10_000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}
