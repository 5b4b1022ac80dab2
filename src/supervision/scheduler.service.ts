import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { TasksService } from '../tasks/tasks.service.js';

/** Named ticks. A tick only triggers work; what is due is decided from the database and the clock. */
export const WINDOW_TICK_MS = 60_000;

@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);
  private running = false;

  constructor(private readonly tasks: TasksService) {}

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
}
