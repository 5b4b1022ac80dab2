import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseRoles } from '../src/jobs/roles.js';

// The compose file and the CLI it names must agree: every command a service runs exists in the built CLI with the options given.
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}
const compose = YAML.parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const text = readFileSync('docker-compose.yml', 'utf8');

function help(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('docker-compose.yml', () => {
  it('has redis, postgres, api and worker services; api and worker share one image, database and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    const { api, worker } = compose.services;
    expect(api.image).toBe(worker.image);
    expect(api.build).toBe('.');
    for (const s of [api, worker]) {
      expect(s.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(compose.services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    // The comment's scaling instruction names a service that exists and publishes no fixed port (so it can scale).
    expect(text).toContain('--scale worker=3');
    expect((worker as { ports?: unknown }).ports).toBeUndefined();
  });

  it('every ducha command it names exists in the CLI, with the options it passes and valid roles', () => {
    for (const name of ['api', 'worker']) {
      const cmd = compose.services[name].command!;
      expect(cmd.slice(0, 2)).toEqual(['node', 'dist/cli.js']);
      const [sub, ...rest] = cmd.slice(2);
      const h = help([sub]);
      expect([name, h.code]).toEqual([name, 0]);
      for (const opt of rest.filter((a) => a.startsWith('--'))) expect(h.out).toContain(opt);
      const roles = rest[rest.indexOf('--roles') + 1] ?? compose.services[name].environment?.DUCHA_ROLES;
      if (roles) expect(parseRoles(roles).unknown).toEqual([]);
    }
    expect(compose.services.api.command).toEqual(['node', 'dist/cli.js', 'serve', '--roles', 'api,scheduler']);
    expect(compose.services.worker.command).toEqual(['node', 'dist/cli.js', 'worker']);
  });

  it('`ducha worker --help` documents its roles and settings; an unknown role is refused with the reason', () => {
    const h = help(['worker']);
    expect(h.out).toContain('--roles');
    expect(h.out).toContain('DUCHA_ROLES');
    expect(h.out).toContain('DUCHA_SHUTDOWN_SECONDS');
    const bad = spawnSync(process.execPath, ['dist/cli.js', 'worker'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', DUCHA_ROLES: 'wroker' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('DUCHA_ROLES: 只能是 api、worker、scheduler 的逗号列表');
    const api = spawnSync(process.execPath, ['dist/cli.js', 'worker', '--roles', 'api'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(api.status).toBe(1);
    expect(api.stderr).toContain('ducha worker 不提供 HTTP');
  });
});
