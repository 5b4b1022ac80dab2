import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisOptions } from './redis-connection.js';

export const REDIS = Symbol('REDIS');
export const REDIS_URL = Symbol('REDIS_URL');

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client for health and small reads; BullMQ makes its own connections. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_URL, useValue: url },
        {
          provide: REDIS,
          useFactory: () => {
            const r = new Redis(redisOptions(url));
            r.on('error', () => undefined);
            return r;
          },
        },
        RedisCloser,
      ],
      exports: [REDIS, REDIS_URL],
    };
  }
}
