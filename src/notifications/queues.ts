import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { redisOptions } from '../redis/redis-connection.js';

/** The one place that names the supervision queues, their jobs, payloads and default options. */
export const SWEEP_QUEUE = 'supervision-sweep';
export const DELIVER_QUEUE = 'notification-deliver';

export interface SweepJob {
  /** The bucket instant (ISO) the sweep covers; the job id names it, so instances sweep it once. */
  at: string;
}
export interface DeliverJob {
  messageId: number;
}

export const sweepJobId = (bucketMs: number): string => `sweep-${bucketMs}`;
/** The ledger row names the job; a manual retry is a new job (the failed one stays for inspection). */
export const deliverJobId = (messageId: number, retries: number): string => `msg-${messageId}-${retries}`;

export function deliverJobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    // Kept a day, so that re-enqueueing a message in that time is deduplicated by Redis too.
    removeOnComplete: { age: 86_400, count: 50_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

export const SWEEP_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/** BullMQ's connection options from our redis:// URL (its types differ from ioredis' only nominally). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { ...redisOptions(redisUrl) } as ConnectionOptions;
}

export function makeQueue<T>(name: string, redisUrl: string, prefix: string): Queue<T> {
  const queue = new Queue<T>(name, { connection: bullConnection(redisUrl), prefix }) as Queue<T>;
  queue.on('error', () => undefined); // reconnects on its own; errors surface on add()
  return queue;
}

/** Jobs not yet finished (waiting, active, delayed for retry, …). */
export async function pendingJobs(queue: Queue): Promise<number> {
  const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(c).reduce((a, b) => a + b, 0);
}
