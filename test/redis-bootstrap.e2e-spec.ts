import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { redisOptions, resolveRedis, RedisUnavailableError } from '../src/redis/redis-connection.js';

const quiet = { log: () => undefined, warn: () => undefined };

describe('finding Redis', () => {
  it('uses REDIS_URL when it answers, and says clearly when it does not', async () => {
    const ok = await resolveRedis(process.env.DUCHA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', '/nonexistent', quiet);
    expect(ok.embedded).toBe(false);
    await expect(resolveRedis('redis://127.0.0.1:1', '/nonexistent', quiet)).rejects.toThrow(RedisUnavailableError);
    await expect(resolveRedis('redis://127.0.0.1:1', '/nonexistent', quiet)).rejects.toThrow(/REDIS_URL/);
  });

  it('starts a private redis-server under the data dir when none runs, keeping its data across restarts (AOF)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-redis-'));
    const unreachableLocal = 'redis://127.0.0.1:1';
    try {
      const first = await resolveRedis(null, dir, quiet, unreachableLocal);
      expect(first.embedded).toBe(true);
      const c1 = new Redis(redisOptions(first.url));
      await c1.set('ducha:probe', '督查');
      expect(await c1.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      c1.disconnect();
      await first.stop();

      const second = await resolveRedis(null, dir, quiet, unreachableLocal);
      const c2 = new Redis(redisOptions(second.url));
      expect(await c2.get('ducha:probe')).toBe('督查');
      c2.disconnect();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
