import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { beijingTime, tooManyRequests } from '../auth/rate-limit.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * Explicit re-sends of the quarterly report, per org: `reports.resendPerHour` an hour, counted in
 * Redis (shared by every API instance). Each re-send mails every presidium member the whole report,
 * so a stuck button or a script must not flood their inboxes. A refused or failed re-send gives its
 * count back.
 */
@Injectable()
export class ReportResendLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.queuePrefix}:report-resend`,
      points: config.reports.resendPerHour,
      duration: 3600,
    });
  }

  async run<T>(orgId: number, send: () => Promise<T>): Promise<T> {
    const key = String(orgId);
    try {
      await this.limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const now = this.clock.now();
      const at = new Date(now.getTime() + err.msBeforeNext);
      throw tooManyRequests(
        'REPORT_RESEND_LIMITED',
        `督查通报重新发送过于频繁：每个组织每小时最多 ${this.config.reports.resendPerHour} 次，请在 ${Math.ceil(err.msBeforeNext / 60000)} 分钟后（北京时间 ${beijingTime(at, this.config.timeZone)} 之后）再试`,
        err.msBeforeNext,
        now,
      );
    }
    try {
      return await send();
    } catch (err) {
      await this.limiter.reward(key);
      throw err;
    }
  }
}
