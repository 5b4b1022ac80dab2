import type { Redis } from 'ioredis';
import { loadConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { JOB_NAMES } from './catalogue.js';
import { JobHost } from './job-host.js';

// Constructing the host opens no connection; problems() and onApplicationBootstrap's check are plain logic.
function host(roles = 'api'): JobHost {
  const config = loadConfig({ NODE_ENV: 'test', DUCHA_ROLES: roles, REDIS_URL: 'redis://127.0.0.1:1' });
  return new JobHost(config, new Metrics(), 'redis://127.0.0.1:1', {} as Redis);
}
const noop = () => Promise.resolve();

describe('JobHost', () => {
  it('refuses to boot when a catalogue job has no handler, naming it', () => {
    const h = host();
    h.handle('sweep', 'A', noop);
    h.handle('deliver', 'B', noop);
    expect(h.problems()).toEqual(['job "send-quarterly-report" has no handler']);
    expect(() => h.onApplicationBootstrap()).toThrow(/send-quarterly-report" has no handler/);
  });

  it('refuses to boot when a job has two handlers, naming both owners', () => {
    const h = host();
    for (const name of JOB_NAMES) h.handle(name, 'Owner', noop);
    h.handle('deliver', 'Other', noop);
    expect(h.problems()).toEqual(['job "deliver" has 2 handlers (Owner, Other)']);
    expect(() => h.onApplicationBootstrap()).toThrow(/2 handlers/);
  });

  it('boots with exactly one handler per job; without the worker role it starts no worker', () => {
    const h = host('api,scheduler');
    for (const name of JOB_NAMES) h.handle(name, 'Owner', noop);
    expect(h.problems()).toEqual([]);
    expect(h.runsWorkers).toBe(false);
    expect(() => h.onApplicationBootstrap()).not.toThrow();
  });
});
