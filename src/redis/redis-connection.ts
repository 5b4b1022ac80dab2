import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisHandle {
  url: string;
  /** true when ducha started its own redis-server (and will stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface RedisLog {
  log(msg: string): void;
  warn(msg: string): void;
}

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** ioredis options from a redis:// URL; BullMQ workers need maxRetriesPerRequest null. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export async function ping(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** BullMQ loses jobs silently under eviction; say so at startup rather than later. */
export async function warnOnEvictionPolicy(url: string, log: RedisLog): Promise<void> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const [, policy] = ((await client.config('GET', 'maxmemory-policy')) as string[]) ?? [];
    if (policy && policy !== 'noeviction') {
      log.warn(`Redis 的 maxmemory-policy 是 "${policy}"，不是 "noeviction"：内存紧张时队列任务可能被删除。请设置 maxmemory-policy noeviction。`);
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  } finally {
    client.disconnect();
  }
}

/**
 * REDIS_URL if given; else a Redis already running on 127.0.0.1:6379; else a private
 * redis-server started here with its data and AOF under <dataDir>/redis, stopped on exit.
 */
export async function resolveRedis(redisUrl: string | null, dataDir: string, log: RedisLog, localUrl = 'redis://127.0.0.1:6379'): Promise<RedisHandle> {
  if (redisUrl) {
    if (!(await ping(redisUrl, 3000))) throw new RedisUnavailableError(`无法连接 REDIS_URL=${redisUrl}。请检查 Redis 是否在运行、地址和密码是否正确。`);
    await warnOnEvictionPolicy(redisUrl, log);
    return { url: redisUrl, embedded: false, stop: async () => undefined };
  }
  const local = localUrl;
  if (await ping(local)) {
    log.log(`使用本机 Redis ${local}`);
    await warnOnEvictionPolicy(local, log);
    return { url: local, embedded: false, stop: async () => undefined };
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    throw new RedisUnavailableError(
      '找不到 Redis：未设置 REDIS_URL，127.0.0.1:6379 无响应，本机也没有 redis-server。\n' +
        '请任选其一：设置 REDIS_URL=redis://主机:端口；或安装 Redis（Debian/Ubuntu: apt-get install redis-server）；或 docker compose up redis。',
    );
  }
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await ping(url, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await ping(url))) {
    child.kill();
    throw new RedisUnavailableError(`启动内置 redis-server 失败（数据目录 ${dir}）。请设置 REDIS_URL。`);
  }
  log.log(`已启动内置 Redis ${url}，数据在 ${dir}`);
  const stop = async () => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM'); // redis-server flushes its AOF on SIGTERM
    });
  };
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, embedded: true, stop };
}
