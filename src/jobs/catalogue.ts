import type { JobsOptions } from 'bullmq';
import type { Quarter } from '../reports/types.js';

/**
 * The one catalogue of ducha's background work: every queue, every job name with its typed payload,
 * its job-id rule and its default options. Domain services enqueue through JobHost with these names
 * and register exactly one handler per name; the host refuses to boot otherwise.
 */
export const QUEUES = {
  sweep: 'supervision-sweep',
  deliver: 'notification-deliver',
  report: 'quarterly-report',
} as const;
export type QueueKey = keyof typeof QUEUES;

export interface SweepJob {
  /** The bucket instant (ISO) the sweep covers; the job id names it, so instances sweep it once. */
  at: string;
}
export interface DeliverJob {
  messageId: number;
  /** The message's `retries` when enqueued; a job of an older generation skips (absent in jobs of older versions). */
  generation?: number;
}
export interface ReportJob {
  orgId: number;
  year: number;
  quarter: Quarter;
  /** null: the scheduled send (once-guarded); otherwise the audited re-send, by this person. */
  resendBy: number | null;
  /** Restrict a re-send to these addresses (empty: every recipient). */
  to?: string[];
}

/** Job name → payload. A job name belongs to exactly one queue (JOB_QUEUE). */
export interface JobPayloads {
  sweep: SweepJob;
  deliver: DeliverJob;
  'send-quarterly-report': ReportJob;
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueKey> = {
  sweep: 'sweep',
  deliver: 'deliver',
  'send-quarterly-report': 'report',
};
export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

// Job ids. BullMQ accepts a custom id with no colon or exactly two (report ids use two).
/** One sweep per time bucket, across every instance. */
export const sweepJobId = (bucketMs: number): string => `sweep-${bucketMs}`;
/**
 * A ledger message names its delivery job, with its generation: a manual retry and the reconciler's
 * re-enqueue each bump `retries`, so the new job never collides with a failed or lost one that
 * Redis still remembers (re-adding an existing id is silently ignored).
 */
export const deliverJobId = (messageId: number, generation: number): string => `msg-${messageId}-${generation}`;
/** `report:<org>:<2024-Q3>`: the business key, so instances enqueue the scheduled send once. */
export const reportJobId = (orgId: number, year: number, quarter: Quarter): string => `report:${orgId}:${year}-Q${quarter}`;
/** Re-sends are new jobs each time (the caller asked for it), named by the request instant. */
export const resendJobId = (orgId: number, year: number, quarter: Quarter, atMs: number): string => `resend-${orgId}-${year}-Q${quarter}-${atMs}`;

/** Default options per job name, from the retry settings of config. */
export interface RetrySettings {
  notifications: { attempts: number; backoffMs: number };
  reports: { attempts: number; backoffMs: number };
}
export function jobOptions(name: JobName, retry: RetrySettings): JobsOptions {
  switch (name) {
    case 'sweep':
      return {
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 86_400, count: 10_000 },
        removeOnFail: { age: 7 * 86_400 },
      };
    case 'deliver':
      return {
        attempts: retry.notifications.attempts,
        backoff: { type: 'exponential', delay: retry.notifications.backoffMs },
        // Kept a day, so that re-enqueueing a message in that time is deduplicated by Redis too.
        removeOnComplete: { age: 86_400, count: 50_000 },
        removeOnFail: { age: 7 * 86_400 },
      };
    case 'send-quarterly-report':
      return {
        attempts: retry.reports.attempts,
        backoff: { type: 'exponential', delay: retry.reports.backoffMs },
        removeOnComplete: { age: 7 * 86_400, count: 10_000 },
        removeOnFail: { age: 30 * 86_400 },
      };
  }
}

/** Jobs in flight per worker process, per queue: one sweep at a time, deliveries as configured, one report. */
export function queueConcurrency(queue: QueueKey, deliveryConcurrency: number): number {
  return queue === 'deliver' ? deliveryConcurrency : 1;
}
