import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { REDIS } from '../redis/redis.module.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  @Get()
  async check(): Promise<{ status: 'ok'; database: string; redis: string; now: string }> {
    const database = await this.db.query('SELECT 1').then(
      () => 'ok',
      () => 'down',
    );
    const redis = await this.redis.ping().then(
      (p) => (p === 'PONG' ? 'ok' : 'down'),
      () => 'down',
    );
    if (database !== 'ok' || redis !== 'ok') throw new ServiceUnavailableException({ message: `服务不可用：数据库 ${database}，Redis ${redis}` });
    return { status: 'ok', database, redis, now: this.clock.now().toISOString() };
  }
}
