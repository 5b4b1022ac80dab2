import { Logger } from '@nestjs/common';
import { Worker, type Transferable, type WorkerOptions } from 'node:worker_threads';

/** What every job and every answer between a pool and its worker carries: the job's number. */
export interface PooledMessage {
  id: number;
}

export interface WorkerPoolOptions {
  /** The logger context (the owning provider's class name). */
  name: string;
  /** What the threads do, for log lines: "报告" gives "报告线程异常：…". */
  label: string;
  /** Jobs at once; more wait their turn. */
  size: number;
  /** A worker file (path or file: URL), or a data: URL holding the worker's source as an ES module. */
  script: string | URL;
  workerOptions?: WorkerOptions;
}

/**
 * A few long-lived worker threads that each take one job at a time (postMessage in, one message
 * with the same `id` out), so CPU-bound work — a report render, a HEIC decode — never holds the
 * request thread. Workers start on first use and are kept (unref'd: an idle one does not keep the
 * process alive); a crashed worker fails its job and is replaced by the next one that needs it.
 */
export class WorkerPool<Job extends PooledMessage, Result extends PooledMessage> {
  private readonly logger: Logger;
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: Array<() => void> = [];
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private serial = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    this.logger = new Logger(options.name);
  }

  /** The job's answer; rejects when the worker dies under it. `id` is assigned here. */
  async run(job: Omit<Job, 'id'>, transfer: readonly Transferable[] = []): Promise<Result> {
    const id = ++this.serial;
    const worker = await this.acquire();
    try {
      return await new Promise<Result>((resolve, reject) => {
        this.pending.set(id, { worker, resolve, reject });
        worker.postMessage({ ...job, id }, transfer);
      });
    } finally {
      this.pending.delete(id);
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    this.idle = [];
    await Promise.all(all.map((w) => w.terminate()));
  }

  private acquire(): Promise<Worker> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.workers.length < this.options.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.queue.push(() => resolve(this.idle.pop() ?? this.spawn())));
  }

  private release(worker: Worker): void {
    if (!this.workers.includes(worker)) return;
    this.idle.push(worker);
    this.queue.shift()?.();
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.script, this.options.workerOptions);
    worker.unref();
    worker.on('message', (r: Result) => this.pending.get(r.id)?.resolve(r));
    worker.on('error', (e) => this.fail(worker, e));
    worker.on('exit', (code) => code !== 0 && this.fail(worker, new Error(`worker exited with ${code}`)));
    this.workers.push(worker);
    return worker;
  }

  private fail(worker: Worker, e: Error): void {
    if (!this.workers.includes(worker)) return; // terminated by close(), or already failed (error then exit)
    this.logger.error(`${this.options.label}线程异常：${e.message}`);
    this.workers = this.workers.filter((w) => w !== worker);
    this.idle = this.idle.filter((w) => w !== worker);
    for (const p of this.pending.values()) if (p.worker === worker) p.reject(e);
    // A job waiting for a free worker gets a fresh one in place of the dead one.
    if (this.workers.length < this.options.size) this.queue.shift()?.();
  }
}
