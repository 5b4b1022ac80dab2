import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval, SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config.js';
import { TasksService } from '../tasks/tasks.service.js';
import { SupervisionService } from './supervision.service.js';

/** Named ticks. A tick only triggers work; what is due is decided from the database and the clock. */
export const WINDOW_TICK_MS = 60_000;
export const SWEEP_TICK = 'supervision-sweep';

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerService.name);
  private running = false;

  constructor(
    private readonly tasks: TasksService,
    private readonly supervision: SupervisionService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  @Interval('open-windows', WINDOW_TICK_MS)
  async openWindows(): Promise<void> {
    if (this.running) return; // a slow tick must not overlap the next
    this.running = true;
    try {
      const opened = await this.tasks.openDueWindows();
      if (opened) this.logger.log(`${opened} 个任务进入办理期`);
    } catch (e) {
      this.logger.error(`open-windows tick failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** The sweep tick (interval from config) only enqueues the sweep of its time bucket; on start it catches up at once. */
  onApplicationBootstrap(): void {
    const tick = () => this.supervision.enqueueSweep().catch((e: Error) => this.logger.error(`sweep tick failed: ${e.message}`));
    this.registry.addInterval(SWEEP_TICK, setInterval(tick, this.config.supervision.tickSeconds * 1000));
    void tick();
  }

  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', SWEEP_TICK)) this.registry.deleteInterval(SWEEP_TICK);
  }
}
