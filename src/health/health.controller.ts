import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { JobHost } from '../jobs/job-host.js';
import { REDIS } from '../redis/redis.module.js';

/** Resolves `p`, or `fallback` after `ms`: a health check must answer even when a dependency hangs. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.catch(() => fallback), new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Readiness of this process for its roles: the database and Redis (every role needs both) and the
 * queues' depth and lag (how long the oldest waiting job has waited). Public and cheap: one query,
 * one PING and a few counts; 503 when the database or Redis is down.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly jobs: JobHost,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get()
  async check() {
    const [database, redis] = await Promise.all([
      within(
        this.db.query('SELECT 1').then(() => 'ok'),
        2000,
        'down',
      ),
      within(
        this.redis.ping().then((p) => (p === 'PONG' ? 'ok' : 'down')),
        2000,
        'down',
      ),
    ]);
    const queues = redis === 'ok' ? await within(this.jobs.queueStats(), 2000, null) : null;
    const body = {
      status: database === 'ok' && redis === 'ok' ? 'ok' : 'down',
      roles: this.config.jobs.roles,
      database,
      redis,
      queues,
      now: this.clock.now().toISOString(),
    };
    if (body.status !== 'ok') throw new HttpException({ ...body, message: `服务不可用：数据库 ${database}，Redis ${redis}` }, 503);
    return body;
  }
}
