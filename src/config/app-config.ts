import { Type, plainToInstance } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DateTime } from 'luxon';
import { packageRoot } from './package-root.js';
import { effectiveRoles, parseRoles, ROLES, type Role } from '../jobs/roles.js';

export class SmtpConfig {
  @IsString() host: string;
  @IsInt() @Min(1) @Max(65535) port: number;
  @IsBoolean() secure: boolean;
  @IsOptional() @IsString() user: string | null;
  @IsOptional() @IsString() pass: string | null;
  @IsString() from: string;
  /** Verify the server's TLS certificate (SMTP_TLS_VERIFY). Turn off only for a private relay with a self-signed one. */
  @IsBoolean() tlsVerify: boolean;
  /** The name this host gives in EHLO (SMTP_CLIENT_NAME); null = the machine's host name. Some relays want an FQDN. */
  @IsOptional() @IsString() clientName?: string | null;
}

export class TasksConfig {
  @IsBoolean() shiftDueToWorkingDay: boolean;
  @IsInt() @Min(0) @Max(30) yellowWorkingDays: number;
  /** An extension may move a due date at most this many months past the original one (0 = no cap). */
  @IsInt() @Min(0) @Max(24) maxExtensionMonths: number;
  /** Tasks already past due when their plan is activated: the chase starts this many working days later (issue #12). */
  @IsInt() @Min(0) @Max(60) activationGraceWorkingDays: number;
  /** The activation preview flags anyone who would get more than this many messages in one month. */
  @IsInt() @Min(1) @Max(1000) monthlyMessageWarning: number;
}

export class SchedulerConfig {
  @IsBoolean() enabled: boolean;
}

export class AuthConfig {
  @IsInt() @Min(1) @Max(24 * 30) sessionHours: number;
  @IsInt() @Min(1) @Max(100) maxFailuresPerEmail: number;
  @IsInt() @Min(1) @Max(10000) maxFailuresPerIp: number;
  @IsInt() @Min(1) @Max(24 * 60) lockMinutes: number;
  /** Past maxFailuresPerIp an address is slowed to one login attempt per this many seconds, not locked out (NAT). */
  @IsInt() @Min(1) @Max(3600) ipSlowSeconds: number;
  @IsOptional() @IsString() adminEmail: string | null;
  @IsOptional() @IsString() adminPassword: string | null;
  @IsString() adminName: string;
  @IsString() adminOrg: string;
}

export class EvidenceConfig {
  @IsInt() @Min(1) maxBytes: number;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Reminder and escalation policy (supervision/policy.ts); an org can override any key (org_policy). */
export class SupervisionPolicyConfig {
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(60, { each: true }) reminderWorkingDaysBefore: number[];
  @IsBoolean() remindOnWindowOpen: boolean;
  @Matches(HHMM, { message: '形如 09:00' }) sendTime: string;
  @IsBoolean() overdueNotice: boolean;
  @IsInt() @Min(0) @Max(60) level1AfterWorkingDays: number;
  @IsInt() @Min(0) @Max(120) level2AfterWorkingDays: number;
  @IsInt() @Min(0) @Max(90) level2RepeatDays: number;
  @Matches(HHMM, { message: '形如 20:00' }) quietStart: string;
  @Matches(HHMM, { message: '形如 08:00' }) quietEnd: string;
  @IsBoolean() sendOnNonWorkingDays: boolean;
  @Matches(HHMM, { message: '形如 09:00' }) presidiumAlertTime: string;
}

export class SupervisionConfig {
  /** Seconds between sweep ticks (each tick only enqueues a sweep job named by its time bucket). */
  @IsInt() @Min(10) @Max(3600) tickSeconds: number;
  /** Deprecated alias: false removes the worker role (use jobs.roles / DUCHA_ROLES). */
  @IsOptional() @IsBoolean() workers?: boolean | null;
  @IsInt() @Min(10) @Max(10000) pageSize: number;
  /** Stages older than this when first seen (after downtime) are marked catch-up; the sweep never looks further back for the daily alert. */
  @IsInt() @Min(1) @Max(24 * 90) catchUpHorizonHours: number;
  /** Task lines per digest or presidium alert (each list): the rest is counted, with a link to the board. */
  @IsInt() @Min(1) @Max(1000) maxLinesPerMessage: number;
  @ValidateNested() @Type(() => SupervisionPolicyConfig) policy: SupervisionPolicyConfig;
}

/**
 * 企业微信 application / 钉钉 work-notification credentials, per org id ("default": every org without
 * its own entry, which is what the DUCHA_WECOM_* / DUCHA_DINGTALK_* variables set). Secrets stay in
 * config and env; no API returns them.
 */
export class WecomAppConfig {
  @Matches(/^https?:\/\/\S+$/, { message: '必须是 http(s):// 网址' }) baseUrl: string;
  @IsObject() orgs: Record<string, { corpId: string; agentId: number; secret: string }>;
}
export class DingtalkAppConfig {
  @Matches(/^https?:\/\/\S+$/, { message: '必须是 http(s):// 网址' }) baseUrl: string;
  @IsObject() orgs: Record<string, { appKey: string; appSecret: string; agentId: number }>;
}

export class NotificationsConfig {
  @IsInt() @Min(1) @Max(50) attempts: number;
  /** First retry delay; doubles each attempt. */
  @IsInt() @Min(1) @Max(24 * 3600_000) backoffMs: number;
  @IsInt() @Min(1) @Max(100) concurrency: number;
  @IsInt() @Min(1) @Max(50) smtpPoolSize: number;
  @IsInt() @Min(100) @Max(120_000) timeoutMs: number;
  /** Base of the links in messages (DUCHA_PUBLIC_URL); unset = this server, http://localhost:<port>. No trailing slash. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: '必须是 http:// 或 https:// 开头的网址，例如 https://ducha.town.gov.cn' }) publicUrl: string;
  @ValidateNested() @Type(() => WecomAppConfig) wecomApp: WecomAppConfig;
  @ValidateNested() @Type(() => DingtalkAppConfig) dingtalkApp: DingtalkAppConfig;
  /** Webhooks go only to these host names (exact, or "*.example.com"); the 企业微信 and 钉钉 robot hosts by default. */
  @IsArray() @IsString({ each: true }) webhookHosts: string[];
  /** Allow webhooks to loopback, private and link-local addresses (tests, an intranet relay). Off by default. */
  @IsBoolean() webhookAllowPrivate: boolean;
}

/** The job layer (src/jobs): what this process does and how its workers behave. */
export class JobsConfig {
  /** DUCHA_ROLES: api (HTTP), worker (BullMQ workers), scheduler (every tick and the reconciler). */
  @IsArray() @IsIn(ROLES, { each: true }) roles: Role[];
  /** On SIGTERM, running jobs get this long to finish; what is left goes back to the queue for another worker. */
  @IsInt() @Min(1) @Max(600) shutdownSeconds: number;
  /** A job's lock: a worker that dies holds its jobs this long before another worker takes them over. */
  @IsInt() @Min(1000) @Max(600_000) lockMs: number;
  /** How often each worker looks for jobs whose worker died. */
  @IsInt() @Min(500) @Max(600_000) stalledIntervalMs: number;
  /** The reconciler (scheduler role) runs at start and this often. */
  @IsInt() @Min(1) @Max(3600) reconcileSeconds: number;
  /** A message pending longer than this (by the clock) without a live job is re-enqueued under a fresh job id. */
  @IsInt() @Min(0) @Max(7 * 86_400) leaseSeconds: number;
  /** Serve this process' Prometheus metrics on this port (workers have no HTTP); null = only /api/metrics of API processes. */
  @IsOptional() @IsInt() @Min(1) @Max(65535) metricsPort: number | null;
}

/** The quarterly report (reports/): when it is sent and to whom besides the org's presidium. */
export class ReportsConfig {
  /** Schedule and send the quarterly report on the first working day after a quarter ends. */
  @IsBoolean() enabled: boolean;
  /** Local time of the send on that day. */
  @Matches(HHMM, { message: '形如 09:00' }) sendTime: string;
  /** Sent to these addresses too (every org). */
  @IsArray() @IsString({ each: true }) recipients: string[];
  /** Per org id: extra addresses, e.g. { "1": ["office@town.gov.cn"] }. */
  @IsObject() orgRecipients: Record<string, string[]>;
  /** After downtime, a send day that passed at most this many days ago is caught up on start. */
  @IsInt() @Min(0) @Max(92) catchUpDays: number;
  /** Explicit re-sends (POST /api/reports/quarterly/send) per org per hour. */
  @IsInt() @Min(1) @Max(100) resendPerHour: number;
  @IsInt() @Min(1) @Max(50) attempts: number;
  @IsInt() @Min(1) @Max(24 * 3600_000) backoffMs: number;
}

function isTimeZone(tz: unknown): boolean {
  return typeof tz === 'string' && DateTime.local().setZone(tz).isValid;
}

export class AppConfig {
  @IsInt() @Min(0) @Max(65535) port: number;
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: '必须是 sqlite:<路径> 或 postgres://… 形式' })
  databaseUrl: string;
  @IsOptional() @Matches(/^rediss?:\/\/.+/, { message: '必须是 redis://… 形式' }) redisUrl: string | null;
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: '只能包含字母、数字和 _.:-，长度 1–64' }) queuePrefix: string;
  @IsString() dataDir: string;
  @IsString() timeZone: string;
  @IsOptional() @IsString() now: string | null;
  @Matches(/^\d+(kb|mb)$/i, { message: '形如 1mb 或 512kb' }) bodyLimit: string;
  @IsString() holidaysDir: string;
  /** Which proxies to trust (e.g. "loopback" or "1", Express' forms; fastify's trustProxy, see main.ts) behind nginx, so per-IP login limits see the client. */
  @IsOptional() @IsString() trustProxy: string | null;
  /** Largest plan document accepted by import (txt, docx, xlsx). */
  @IsInt() @Min(1024) @Max(200 * 1024 * 1024) importMaxBytes: number;
  @ValidateNested() @Type(() => TasksConfig) tasks: TasksConfig;
  @ValidateNested() @Type(() => SchedulerConfig) scheduler: SchedulerConfig;
  @ValidateNested() @Type(() => SmtpConfig) smtp: SmtpConfig;
  @ValidateNested() @Type(() => SupervisionConfig) supervision: SupervisionConfig;
  @ValidateNested() @Type(() => NotificationsConfig) notifications: NotificationsConfig;
  @ValidateNested() @Type(() => AuthConfig) auth: AuthConfig;
  @ValidateNested() @Type(() => EvidenceConfig) evidence: EvidenceConfig;
  @ValidateNested() @Type(() => ReportsConfig) reports: ReportsConfig;
  @ValidateNested() @Type(() => JobsConfig) jobs: JobsConfig;

  get isPostgres(): boolean {
    return /^postgres(ql)?:/.test(this.databaseUrl);
  }
  get sqlitePath(): string {
    return this.databaseUrl.replace(/^sqlite:/, '');
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误 (configuration is invalid):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Environment variable → config path. The names are part of the public interface (README). */
const ENV_KEYS: Array<[string, string, 'string' | 'int' | 'bool' | 'roles']> = [
  ['PORT', 'port', 'int'],
  ['DATABASE_URL', 'databaseUrl', 'string'],
  ['REDIS_URL', 'redisUrl', 'string'],
  ['DUCHA_QUEUE_PREFIX', 'queuePrefix', 'string'],
  ['DUCHA_DATA_DIR', 'dataDir', 'string'],
  ['DUCHA_TZ', 'timeZone', 'string'],
  ['DUCHA_TRUST_PROXY', 'trustProxy', 'string'],
  ['DUCHA_NOW', 'now', 'string'],
  ['DUCHA_SCHEDULER', 'scheduler.enabled', 'bool'],
  ['DUCHA_SHIFT_DUE', 'tasks.shiftDueToWorkingDay', 'bool'],
  ['SMTP_HOST', 'smtp.host', 'string'],
  ['SMTP_PORT', 'smtp.port', 'int'],
  ['SMTP_SECURE', 'smtp.secure', 'bool'],
  ['SMTP_USER', 'smtp.user', 'string'],
  ['SMTP_PASS', 'smtp.pass', 'string'],
  ['SMTP_FROM', 'smtp.from', 'string'],
  ['DUCHA_ADMIN_EMAIL', 'auth.adminEmail', 'string'],
  ['DUCHA_ADMIN_PASSWORD', 'auth.adminPassword', 'string'],
  ['DUCHA_EVIDENCE_MAX_BYTES', 'evidence.maxBytes', 'int'],
  ['DUCHA_REPORTS', 'reports.enabled', 'bool'],
  ['DUCHA_PUBLIC_URL', 'notifications.publicUrl', 'string'],
  ['DUCHA_WECOM_API_URL', 'notifications.wecomApp.baseUrl', 'string'],
  ['DUCHA_WECOM_CORP_ID', 'notifications.wecomApp.orgs.default.corpId', 'string'],
  ['DUCHA_WECOM_AGENT_ID', 'notifications.wecomApp.orgs.default.agentId', 'int'],
  ['DUCHA_WECOM_SECRET', 'notifications.wecomApp.orgs.default.secret', 'string'],
  ['DUCHA_DINGTALK_API_URL', 'notifications.dingtalkApp.baseUrl', 'string'],
  ['DUCHA_DINGTALK_APP_KEY', 'notifications.dingtalkApp.orgs.default.appKey', 'string'],
  ['DUCHA_DINGTALK_APP_SECRET', 'notifications.dingtalkApp.orgs.default.appSecret', 'string'],
  ['DUCHA_DINGTALK_AGENT_ID', 'notifications.dingtalkApp.orgs.default.agentId', 'int'],
  ['SMTP_TLS_VERIFY', 'smtp.tlsVerify', 'bool'],
  ['SMTP_CLIENT_NAME', 'smtp.clientName', 'string'],
  ['DUCHA_ROLES', 'jobs.roles', 'roles'],
  ['DUCHA_SHUTDOWN_SECONDS', 'jobs.shutdownSeconds', 'int'],
  ['DUCHA_METRICS_PORT', 'jobs.metricsPort', 'int'],
];

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over ?? {})) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function readYaml(file: string, problems: string[]): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    return (YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) ?? {};
  } catch (e) {
    problems.push(`${file}: YAML 无法解析 (${(e as Error).message.split('\n')[0]})`);
    return {};
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${key}: ${m} (当前值 ${JSON.stringify(e.value)})`);
    return [...own, ...flatten(e.children ?? [], key)];
  });
}

/**
 * Reads config/default.yaml, config/<NODE_ENV>.yaml, $DUCHA_CONFIG and the environment, in that
 * order, and validates the result once. Throws ConfigError listing every bad setting together.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const root = packageRoot();
  let raw = readYaml(path.join(root, 'config', 'default.yaml'), problems);
  if (env.NODE_ENV) raw = deepMerge(raw, readYaml(path.join(root, 'config', `${env.NODE_ENV}.yaml`), problems));
  if (env.DUCHA_CONFIG) {
    if (!existsSync(env.DUCHA_CONFIG)) problems.push(`DUCHA_CONFIG: 文件不存在 ${env.DUCHA_CONFIG}`);
    raw = deepMerge(raw, readYaml(env.DUCHA_CONFIG, problems));
  }
  for (const [name, key, kind] of ENV_KEYS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (kind === 'int') {
      if (!/^\d+$/.test(value)) problems.push(`${name}: 必须是整数 (当前值 "${value}")`);
      setPath(raw, key, Number(value));
    } else if (kind === 'bool') {
      if (!/^(true|false|1|0|yes|no)$/i.test(value)) problems.push(`${name}: 必须是 true 或 false (当前值 "${value}")`);
      setPath(raw, key, /^(true|1|yes)$/i.test(value));
    } else if (kind === 'roles') {
      const { roles, unknown } = parseRoles(value);
      if (unknown.length || !roles.length) problems.push(`${name}: 只能是 ${ROLES.join('、')} 的逗号列表 (当前值 "${value}")`);
      setPath(raw, key, roles);
    } else setPath(raw, key, value);
  }
  // Defaults that follow other settings: the SQLite file lives in the data directory, links point at this server.
  if (raw.databaseUrl == null || raw.databaseUrl === '') raw.databaseUrl = `sqlite:${path.join(String(raw.dataDir ?? './data'), 'ducha.sqlite')}`;
  const notif = (raw.notifications ?? {}) as Record<string, unknown>;
  if (notif.publicUrl == null || notif.publicUrl === '') setPath(raw, 'notifications.publicUrl', `http://localhost:${String(raw.port ?? 3000)}`);
  else if (typeof notif.publicUrl === 'string') notif.publicUrl = notif.publicUrl.replace(/\/+$/, '');
  const config = plainToInstance(AppConfig, raw);
  problems.push(...flatten(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })));
  if (!isTimeZone(config.timeZone)) problems.push(`timeZone (DUCHA_TZ): 未知时区 "${config.timeZone}"`);
  if (config.now && !DateTime.fromISO(config.now, { setZone: true }).isValid)
    problems.push(`now (DUCHA_NOW): 不是 ISO 时间 "${config.now}"，例如 2024-03-01T09:00:00+08:00`);
  const { adminEmail, adminPassword } = config.auth ?? {};
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push(`auth.adminEmail (DUCHA_ADMIN_EMAIL): 邮箱格式不正确 "${adminEmail}"`);
  if (adminEmail && !adminPassword) problems.push('auth.adminPassword (DUCHA_ADMIN_PASSWORD): 设置了 DUCHA_ADMIN_EMAIL 时必须同时设置密码（不提供默认密码）');
  if (adminPassword && !adminEmail) problems.push('auth.adminEmail (DUCHA_ADMIN_EMAIL): 设置了 DUCHA_ADMIN_PASSWORD 时必须同时设置邮箱');
  if (adminPassword && adminPassword.length < 10) problems.push('auth.adminPassword (DUCHA_ADMIN_PASSWORD): 密码至少 10 个字符');
  for (const [org, list] of Object.entries(config.reports?.orgRecipients ?? {})) {
    if (!/^\d+$/.test(org) || !Array.isArray(list) || !list.every((x) => typeof x === 'string' && /^[^@\s]+@[^@\s]+$/.test(x)))
      problems.push(`reports.orgRecipients.${org}: 键是组织编号，值是邮箱列表 (当前值 ${JSON.stringify(list)})`);
  }
  const orgKey = (k: string) => k === 'default' || /^\d+$/.test(k);
  for (const [org, c] of Object.entries(config.notifications?.wecomApp?.orgs ?? {}))
    if (!orgKey(org) || !c || typeof c.corpId !== 'string' || !c.corpId || typeof c.secret !== 'string' || !c.secret || !Number.isInteger(c.agentId))
      problems.push(
        `notifications.wecomApp.orgs.${org}: 键是组织编号或 default，值须有 corpId、agentId（整数）和 secret（DUCHA_WECOM_CORP_ID / _AGENT_ID / _SECRET 三者同设）`,
      );
  for (const [org, c] of Object.entries(config.notifications?.dingtalkApp?.orgs ?? {}))
    if (!orgKey(org) || !c || typeof c.appKey !== 'string' || !c.appKey || typeof c.appSecret !== 'string' || !c.appSecret || !Number.isInteger(c.agentId))
      problems.push(
        `notifications.dingtalkApp.orgs.${org}: 键是组织编号或 default，值须有 appKey、appSecret 和 agentId（整数）（DUCHA_DINGTALK_APP_KEY / _APP_SECRET / _AGENT_ID 三者同设）`,
      );
  for (const x of config.reports?.recipients ?? []) if (!/^[^@\s]+@[^@\s]+$/.test(x)) problems.push(`reports.recipients: 邮箱格式不正确 "${x}"`);
  if (problems.length) throw new ConfigError(problems);
  // One answer to "does this process run workers / the scheduler", the deprecated switches folded in.
  config.jobs.roles = effectiveRoles(config.jobs.roles, { workers: config.supervision.workers, schedulerEnabled: config.scheduler.enabled });
  config.scheduler.enabled = config.jobs.roles.includes('scheduler');
  config.dataDir = path.resolve(config.dataDir);
  config.holidaysDir = path.resolve(root, config.holidaysDir);
  if (!config.isPostgres && !path.isAbsolute(config.sqlitePath)) {
    config.databaseUrl = `sqlite:${path.resolve(config.sqlitePath)}`;
  }
  return config;
}

export { isTimeZone };
