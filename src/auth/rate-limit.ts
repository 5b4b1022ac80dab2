import { HttpStatus } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.js';

export interface LoginLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  lockMinutes: number;
  /** Past maxFailuresPerIp, an address gets one attempt per this many seconds (slowed, not banned). */
  ipSlowSeconds: number;
}

/** What a caller holds between reserving an attempt and learning whether the password was right. */
export interface LoginReservation {
  account: string;
  address: string;
}

/** "14:05" in Beijing time: when a user may try again. */
export function beijingTime(at: Date, zone = 'Asia/Shanghai'): string {
  return DateTime.fromJSDate(at).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}

/** A 429 whose details say when to try again (ISO instant and seconds, also sent as Retry-After). */
export function tooManyRequests(code: string, message: string, retryAfterMs: number, now: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError(HttpStatus.TOO_MANY_REQUESTS, code, message, undefined, {
    retryAfterSeconds,
    unlockAt: new Date(now.getTime() + retryAfterSeconds * 1000).toISOString(),
  });
}

/** A limiter refusal is a RateLimiterRes; anything else (Redis down) is a real error and propagates. */
function refusal(err: unknown): RateLimiterRes {
  if (err instanceof RateLimiterRes) return err;
  throw err;
}

/**
 * Failed-login limits in Redis (rate-limiter-flexible, one atomic Lua INCR per attempt), so every API
 * instance shares the counts and parallel requests cannot all slip past a check made before the
 * others are counted: each attempt is reserved *before* the password hash is computed, and given
 * back when the password was right.
 *
 * - Per account: strict. maxFailuresPerEmail attempts per lockMinutes window; then locked until the
 *   window (which starts at the first failure) ends.
 * - Per address: high, and slowing rather than banning. Many offices reach us through one NAT
 *   address, so an address past maxFailuresPerIp is not locked out; it gets one attempt per
 *   ipSlowSeconds until its window ends.
 */
export class LoginRateLimiter {
  private readonly account: RateLimiterRedis;
  private readonly address: RateLimiterRedis;
  private readonly slowLane: RateLimiterRedis;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly limits: LoginLimits,
  ) {
    const duration = limits.lockMinutes * 60;
    this.account = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login:account`, points: limits.maxFailuresPerEmail, duration });
    this.address = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login:address`, points: limits.maxFailuresPerIp, duration });
    this.slowLane = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login:slow`, points: 1, duration: limits.ipSlowSeconds });
  }

  /** Counts this attempt against the account and the address, or throws 429 (locked, or slowed). */
  async reserve(email: string, ip: string, now: Date): Promise<LoginReservation> {
    const r: LoginReservation = { account: email.trim().toLowerCase(), address: ip };
    try {
      await this.account.consume(r.account);
    } catch (err) {
      const res = refusal(err);
      const unlock = new Date(now.getTime() + res.msBeforeNext);
      throw tooManyRequests(
        'LOGIN_LOCKED',
        `登录失败次数过多，账户已暂时锁定，请在 ${Math.ceil(res.msBeforeNext / 60000)} 分钟后（北京时间 ${beijingTime(unlock)} 之后）再试`,
        res.msBeforeNext,
        now,
      );
    }
    try {
      await this.address.consume(r.address);
    } catch (err) {
      refusal(err);
      try {
        await this.slowLane.consume(r.address);
      } catch (slowErr) {
        const res = refusal(slowErr);
        await this.account.reward(r.account);
        throw tooManyRequests(
          'LOGIN_SLOWED',
          `本网络地址登录失败次数过多，已放慢登录速度，请 ${Math.ceil(res.msBeforeNext / 1000)} 秒后再试`,
          res.msBeforeNext,
          now,
        );
      }
    }
    return r;
  }

  /** The password was right: give the reserved attempt back to both counters. */
  async release(r: LoginReservation): Promise<void> {
    await Promise.all([this.account.reward(r.account), this.address.reward(r.address)]);
  }
}
