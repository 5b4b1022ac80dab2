import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { optimizeOnClose } from '../database/planner-stats.js';

/** Runs SQLite's `PRAGMA optimize` before the connection closes (before TypeORM's own shutdown hook). */
@Injectable()
export class PlannerStatsService implements BeforeApplicationShutdown {
  constructor(@InjectDataSource() private readonly db: DataSource) {}
  async beforeApplicationShutdown(): Promise<void> {
    await optimizeOnClose(this.db).catch(() => undefined);
  }
}
