import { DataSource } from 'typeorm';
import { clockFromConfig } from '../clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';
import { dataSourceOptions } from '../database/data-source.js';
import { migrate } from '../database/migrate.js';
import { ROLES, type Person, type Role } from '../people/person.entity.js';
import { addUser } from './auth.service.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `ducha user:add`: the password comes from stdin or DUCHA_NEW_PASSWORD, never from argv or a default. */
export async function addUserCommand(
  config: AppConfig,
  opts: { email: string; name: string; role: string; org: string; unit?: number; passwordStdin?: boolean },
): Promise<Person> {
  const roles = opts.role
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (!roles.length || bad.length) throw new Error(`未知角色 ${bad.join(',') || '(空)'}；可选 ${ROLES.join(', ')}`);
  if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new Error(`邮箱格式不正确：${opts.email}`);
  const password = opts.passwordStdin ? await readStdin() : process.env.DUCHA_NEW_PASSWORD;
  if (!password) throw new Error('没有密码：请用 --password-stdin 从标准输入提供，或设置 DUCHA_NEW_PASSWORD');
  await migrate(config);
  const db = new DataSource(dataSourceOptions(config));
  await db.initialize();
  try {
    const clock = clockFromConfig(config.now);
    return await addUser(
      db,
      clock,
      { email: opts.email, name: opts.name, roles: roles as Role[], orgName: opts.org, password, timeZone: config.timeZone },
      opts.unit ?? null,
    );
  } catch (e) {
    if (e instanceof DomainError) throw new Error(e.errors ? `${e.message}：${Object.values(e.errors).flat().join('；')}` : e.message);
    throw e;
  } finally {
    await db.destroy();
  }
}
