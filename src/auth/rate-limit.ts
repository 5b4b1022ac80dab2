import { HttpStatus } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/errors.js';

export interface LoginLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  lockMinutes: number;
}

/**
 * Failed-login counters in Redis (INCR + EXPIRE), so every API instance sees the same count.
 * An account or address with too many failures inside the window is locked until the key expires.
 */
export class LoginRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: LoginLimits,
  ) {}

  private keys(email: string, ip: string): { email: string; ip: string } {
    return { email: `${this.prefix}:login-fail:email:${email.toLowerCase()}`, ip: `${this.prefix}:login-fail:ip:${ip}` };
  }

  /** Throws 429 with the unlock instant when either counter is at its limit. */
  async check(email: string, ip: string, now: Date): Promise<void> {
    const k = this.keys(email, ip);
    const [[, emailCount], [, emailTtl], [, ipCount], [, ipTtl]] = (await this.redis.multi().get(k.email).pttl(k.email).get(k.ip).pttl(k.ip).exec()) as Array<
      [Error | null, unknown]
    >;
    const lockedMs = Math.max(
      Number(emailCount ?? 0) >= this.limits.maxFailuresPerEmail ? Number(emailTtl) : 0,
      Number(ipCount ?? 0) >= this.limits.maxFailuresPerIp ? Number(ipTtl) : 0,
    );
    if (lockedMs > 0) {
      const unlockAt = new Date(now.getTime() + lockedMs);
      throw new DomainError(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_LOCKED',
        `登录失败次数过多，账户已暂时锁定，请在 ${Math.ceil(lockedMs / 60000)} 分钟后（${unlockAt.toISOString()} 之后）再试`,
        undefined,
        { unlockAt: unlockAt.toISOString(), retryAfterSeconds: Math.ceil(lockedMs / 1000) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const k = this.keys(email, ip);
    const ttl = this.limits.lockMinutes * 60;
    // EXPIRE NX: the window starts at the first failure and is not extended by later ones.
    await this.redis.multi().incr(k.email).expire(k.email, ttl, 'NX').incr(k.ip).expire(k.ip, ttl, 'NX').exec();
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.keys(email, '-').email);
  }
}
