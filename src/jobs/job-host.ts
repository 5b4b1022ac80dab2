import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobState } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { redisOptions } from '../redis/redis-connection.js';
import { REDIS, REDIS_URL } from '../redis/redis.module.js';
import { JOB_NAMES, JOB_QUEUE, jobOptions, QUEUES, queueConcurrency, type JobName, type JobPayloads, type QueueKey } from './catalogue.js';

export type JobHandler<N extends JobName> = (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;
/** Called once when a job has failed for good (its last attempt, or an UnrecoverableError). */
export type FinalFailureHook<N extends JobName> = (data: JobPayloads[N], error: Error, job: Job<JobPayloads[N]>) => Promise<void>;

interface Registration {
  handler: JobHandler<JobName>;
  onFinalFailure?: FinalFailureHook<JobName>;
  owner: string;
}

/** Adds of one batch issued together, so ioredis pipelines them on the one connection. */
const ADD_CHUNK = 500;
const LIVE_STATES: ReadonlySet<JobState | 'unknown'> = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** BullMQ's connection options from our redis:// URL (its types differ from ioredis' only nominally). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { ...redisOptions(redisUrl) } as ConnectionOptions;
}

/**
 * The worker host (after immich's job.repository.ts): domain services register one handler per
 * job name of the catalogue and enqueue through `add`; the host starts one BullMQ Worker per queue
 * when this process has the worker role, dispatches by job name, and refuses to boot when a job
 * name has no handler or two. Nothing else in ducha builds a Queue or a Worker.
 */
@Injectable()
export class JobHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobHost.name);
  private readonly queues = new Map<QueueKey, Queue>();
  private readonly handlers = new Map<JobName, Registration[]>();
  private workers: Worker[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    @Inject(REDIS_URL) private readonly redisUrl: string,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  get runsWorkers(): boolean {
    return this.config.jobs.roles.includes('worker');
  }

  /** Registers the handler of a job name (from a domain service's constructor or onModuleInit). */
  handle<N extends JobName>(name: N, owner: string, handler: JobHandler<N>, onFinalFailure?: FinalFailureHook<N>): void {
    const list = this.handlers.get(name) ?? [];
    list.push({ handler: handler as JobHandler<JobName>, onFinalFailure: onFinalFailure as FinalFailureHook<JobName> | undefined, owner });
    this.handlers.set(name, list);
  }

  /** Every catalogue job has exactly one handler: the list of what is wrong, empty when all is well. */
  problems(): string[] {
    const out: string[] = [];
    for (const name of JOB_NAMES) {
      const regs = this.handlers.get(name) ?? [];
      if (regs.length === 0) out.push(`job "${name}" has no handler`);
      if (regs.length > 1) out.push(`job "${name}" has ${regs.length} handlers (${regs.map((r) => r.owner).join(', ')})`);
    }
    for (const name of this.handlers.keys()) if (!JOB_NAMES.includes(name)) out.push(`job "${name}" is not in the catalogue`);
    return out;
  }

  queue(key: QueueKey): Queue {
    let q = this.queues.get(key);
    if (!q) {
      q = new Queue(QUEUES[key], { connection: bullConnection(this.redisUrl), prefix: this.config.queuePrefix });
      q.on('error', () => undefined); // reconnects on its own; errors surface on add()
      this.queues.set(key, q);
    }
    return q;
  }

  private options(name: JobName) {
    return jobOptions(name, this.config);
  }

  /** Enqueues one job under its id (an existing id is kept: BullMQ deduplicates add(), not addBulk()). */
  async add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string): Promise<void> {
    await this.queue(JOB_QUEUE[name]).add(name, data, { ...this.options(name), jobId });
  }

  /** Many jobs of one name: add() each (to keep the id deduplication), issued in pipelined chunks. */
  async addMany<N extends JobName>(name: N, jobs: Array<{ data: JobPayloads[N]; jobId: string }>): Promise<void> {
    const q = this.queue(JOB_QUEUE[name]);
    const opts = this.options(name);
    for (let i = 0; i < jobs.length; i += ADD_CHUNK)
      await Promise.all(jobs.slice(i, i + ADD_CHUNK).map((j) => q.add(name, j.data, { ...opts, jobId: j.jobId })));
  }

  /** States of many jobs of one queue, pipelined. A job Redis no longer has is 'unknown'. */
  async states(key: QueueKey, jobIds: string[]): Promise<Array<JobState | 'unknown'>> {
    const q = this.queue(key);
    return Promise.all(jobIds.map((id) => q.getJobState(id)));
  }

  isLive(state: JobState | 'unknown'): boolean {
    return LIVE_STATES.has(state);
  }

  async failedReason(key: QueueKey, jobId: string): Promise<string | null> {
    return (await this.queue(key).getJob(jobId))?.failedReason ?? null;
  }

  onApplicationBootstrap(): void {
    const problems = this.problems();
    if (problems.length) throw new Error(`ducha job catalogue: ${problems.join('; ')}`);
    if (!this.runsWorkers) return;
    for (const key of Object.keys(QUEUES) as QueueKey[]) this.workers.push(this.startWorker(key));
  }

  private startWorker(key: QueueKey): Worker {
    const { jobs, notifications } = this.config;
    const worker = new Worker(QUEUES[key], (job) => this.dispatch(key, job), {
      connection: bullConnection(this.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: queueConcurrency(key, notifications.concurrency),
      lockDuration: jobs.lockMs,
      stalledInterval: jobs.stalledIntervalMs,
      // A job whose worker died is run again once; dying twice fails it (the reconciler then marks its message failed).
      maxStalledCount: 1,
    });
    worker.on('error', (e) => this.logger.warn(`${QUEUES[key]} worker: ${e.message}`));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      const reg = this.handlers.get(job.name as JobName)?.[0];
      reg?.onFinalFailure?.(job.data as never, error, job).catch((e: Error) => this.logger.error(`${job.name} ${job.id}: final-failure hook: ${e.message}`));
    });
    return worker;
  }

  private async dispatch(key: QueueKey, job: Job): Promise<unknown> {
    const reg = this.handlers.get(job.name as JobName)?.[0];
    if (!reg || JOB_QUEUE[job.name as JobName] !== key) throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${QUEUES[key]}`);
    const stop = this.metrics.jobDuration.startTimer({ queue: QUEUES[key], job: job.name });
    try {
      const out = await reg.handler(job.data as never, job as never);
      stop({ outcome: 'completed' });
      return out;
    } catch (e) {
      stop({ outcome: 'failed' });
      throw e;
    }
  }

  /** Jobs not yet finished (waiting, active, delayed for retry, …) in the given queues. */
  async pending(keys: QueueKey[] = Object.keys(QUEUES) as QueueKey[]): Promise<number> {
    let n = 0;
    for (const k of keys) {
      const c = await this.queue(k).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      n += Object.values(c).reduce((a, b) => a + b, 0);
    }
    return n;
  }

  /** Resolves when the queues have no unfinished job, seen twice in a row. For tests, the simulation and benchmarks. */
  async waitForIdle(keys: QueueKey[] = Object.keys(QUEUES) as QueueKey[], timeoutMs = 30_000, pollMs = 20): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (let quiet = 0; quiet < 2;) {
      const n = await this.pending(keys);
      quiet = n === 0 ? quiet + 1 : 0;
      if (performance.now() > deadline) throw new Error(`queues ${keys.join(', ')} not idle after ${timeoutMs} ms (${n} jobs pending)`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Per queue: job counts and the age of the oldest waiting job (queue lag), in seconds of real time. */
  async queueStats(): Promise<Record<string, { waiting: number; active: number; delayed: number; failed: number; lagSeconds: number }>> {
    const out: Record<string, { waiting: number; active: number; delayed: number; failed: number; lagSeconds: number }> = {};
    for (const key of Object.keys(QUEUES) as QueueKey[]) {
      const q = this.queue(key);
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      const [oldest] = await q.getJobs(['waiting'], -1, -1, true);
      // Job timestamps are Redis-side wall time, as is the lag an operator cares about (not the injected clock).
      const lagSeconds = oldest ? Math.max(0, (performance.timeOrigin + performance.now() - oldest.timestamp) / 1000) : 0;
      out[QUEUES[key]] = { waiting: c.waiting + c.prioritized, active: c.active, delayed: c.delayed, failed: c.failed, lagSeconds: Math.round(lagSeconds) };
    }
    return out;
  }

  private markerKey(): string {
    return `${this.config.queuePrefix}:ducha:alive`;
  }

  /**
   * Redis data loss detection: a marker key that is set once and never expires. When it is missing,
   * Redis is new or came back without its data (no AOF, a failover to an empty replica), and every
   * job it held is gone: the caller re-sweeps and re-enqueues from the database at once.
   * Returns true when the marker was missing (and sets it again).
   */
  async markerMissing(): Promise<boolean> {
    return (await this.redis.set(this.markerKey(), '1', 'NX')) === 'OK';
  }

  /** Calls `fn` whenever the shared Redis connection is (re)established. */
  onRedisReady(fn: () => void): void {
    this.redis.on('ready', fn);
  }

  /**
   * SIGTERM: workers stop taking jobs and running ones get jobs.shutdownSeconds to finish. Past that
   * (or when Redis does not answer) the workers are closed by force: their unfinished jobs keep
   * their lock until it expires and then go to another worker (same job, same message id).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const timeout = this.config.jobs.shutdownSeconds * 1000;
    const all = Promise.all(this.workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([all.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeout)))]);
    clearTimeout(timer);
    if (late) {
      this.logger.warn(`任务未在 ${this.config.jobs.shutdownSeconds} 秒内完成，强制停止；未完成的任务将由其他进程接手`);
      await Promise.race([Promise.all(this.workers.map((w) => w.close(true))), new Promise((r) => setTimeout(r, 1000).unref())]);
      for (const w of this.workers) void w.disconnect().catch(() => undefined);
    }
    this.workers = [];
  }

  async onApplicationShutdown(): Promise<void> {
    const closing = Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.race([closing, new Promise((r) => setTimeout(r, 2000).unref())]);
    for (const q of this.queues.values()) void q.disconnect().catch(() => undefined);
    this.queues.clear();
  }
}
