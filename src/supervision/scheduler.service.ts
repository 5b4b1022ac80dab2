import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config.js';
import { JobHost } from '../jobs/job-host.js';
import { DeliveryService } from '../notifications/delivery.service.js';
import { MailTransport } from '../notifications/drivers/mail-transport.js';
import { ReportsService } from '../reports/reports.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { SupervisionService } from './supervision.service.js';

/** Named ticks. A tick only triggers work; what is due is decided from the database and the clock. */
export const WINDOW_TICK_MS = 60_000;
export const WINDOW_TICK = 'open-windows';
export const SWEEP_TICK = 'supervision-sweep';
export const RECONCILE_TICK = 'delivery-reconcile';

/**
 * The scheduler role: the one owner of every tick in a process — task windows opening, the sweep
 * and the quarterly report (each only enqueues a job named by its time bucket or business key, so
 * several schedulers do the work once), and the reconciler that keeps Redis in line with the
 * database: at start and on every reconcile tick it re-enqueues what the ledger says is pending
 * and no live job carries, and when Redis has lost its data (marker key gone) it re-sweeps and
 * re-enqueues at once instead of at the next sweep tick.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly busy = new Set<string>();
  private stopped = false;

  constructor(
    private readonly tasks: TasksService,
    private readonly supervision: SupervisionService,
    private readonly delivery: DeliveryService,
    private readonly reports: ReportsService,
    private readonly jobs: JobHost,
    private readonly mail: MailTransport,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Runs `fn` unless its previous run is still going (a slow tick must not overlap the next) or the process is stopping. */
  private async once(name: string, fn: () => Promise<void>): Promise<void> {
    if (this.busy.has(name) || this.stopped) return;
    this.busy.add(name);
    try {
      await fn();
    } catch (e) {
      this.logger.error(`${name} tick failed: ${(e as Error).message}`);
    } finally {
      this.busy.delete(name);
    }
  }

  openWindows(): Promise<void> {
    return this.once(WINDOW_TICK, async () => {
      const opened = await this.tasks.openDueWindows();
      if (opened) this.logger.log(`${opened} 个任务进入办理期`);
    });
  }

  /** The sweep of the current bucket and the quarterly report check: each only enqueues. */
  tick(): Promise<void> {
    return this.once(SWEEP_TICK, async () => {
      await this.supervision.enqueueSweep();
      if (this.config.reports.enabled) await this.reports.tick();
    });
  }

  /** Redis lost its data → everything at once; otherwise messages pending past the lease without a live job. */
  reconcile(): Promise<void> {
    return this.once(RECONCILE_TICK, async () => {
      const lost = await this.jobs.markerMissing();
      if (lost) {
        this.logger.warn('Redis 中没有 ducha 的标记（新的 Redis，或 Redis 丢失了数据）：从数据库重新巡查并重新排队待发通知');
        // Sends already under way when the data went (their jobs are gone, their messages still pending)
        // end within the transport's timeout, marked sent or failed: only then is "pending" really orphaned,
        // so re-enqueueing now cannot send one of them twice.
        await new Promise((r) => setTimeout(r, this.mail.maxSendMs + 1000));
      }
      const r = await this.delivery.reconcile(lost ? 0 : this.config.jobs.leaseSeconds * 1000);
      if (r.requeued || r.failed) this.logger.log(`对账：重新排队 ${r.requeued} 条待发通知，${r.failed} 条投递任务失败的通知标为失败（可重试）`);
      if (lost) await this.tick();
    });
  }

  onApplicationBootstrap(): void {
    const every = (name: string, ms: number, fn: () => Promise<void>) =>
      this.registry.addInterval(
        name,
        setInterval(() => void fn(), ms),
      );
    every(WINDOW_TICK, WINDOW_TICK_MS, () => this.openWindows());
    every(SWEEP_TICK, this.config.supervision.tickSeconds * 1000, () => this.tick());
    every(RECONCILE_TICK, this.config.jobs.reconcileSeconds * 1000, () => this.reconcile());
    // After a Redis reconnect, look at once whether it came back empty.
    this.jobs.onRedisReady(() => void this.reconcile());
    // On start: put back whatever the database says is pending (job ids make it idempotent), catch up, reconcile.
    void (async () => {
      await this.once('start', async () => {
        const n = await this.delivery.enqueuePending();
        if (n) this.logger.log(`重新排队 ${n} 条待发送通知`);
      });
      await this.tick();
      await this.reconcile();
    })();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const name of [WINDOW_TICK, SWEEP_TICK, RECONCILE_TICK]) if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
  }
}
