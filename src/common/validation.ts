import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldErrors } from './errors.js';

/** Chinese reasons for class-validator's constraint names; a DTO may give its own message instead. */
const REASONS: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isNotEmpty: '不能为空',
  isDefined: '必填',
  isString: '必须是文本',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是 true 或 false',
  isEmail: '邮箱格式不正确',
  isArray: '必须是数组',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  min: '数值太小',
  max: '数值太大',
  minLength: '太短',
  maxLength: '太长',
  arrayMaxSize: '元素太多',
  arrayMinSize: '元素太少',
  matches: '格式不正确',
  isTimeZone: '不是有效的时区',
  isUrl: '不是有效的网址',
  isISO8601: '不是 ISO 日期时间',
  nestedValidation: '格式不正确',
  isObject: '必须是对象',
  isPositive: '必须是正数',
};

/** Limits stated with their number: class-validator's English default carries it ("… shorter than or equal to 2000 characters"). */
const WITH_LIMIT: Record<string, (n: string) => string> = {
  maxLength: (n) => `不能超过 ${n} 个字`,
  minLength: (n) => `至少 ${n} 个字`,
  max: (n) => `不能大于 ${n}`,
  min: (n) => `不能小于 ${n}`,
  arrayMaxSize: (n) => `最多 ${n} 项`,
  arrayMinSize: (n) => `至少 ${n} 项`,
};

function reason(key: string, english: string): string {
  // A message a DTO wrote itself (Chinese) wins over the generic one.
  if (/[\u4e00-\u9fff]/.test(english)) return english;
  const n = /(-?\d+(?:\.\d+)?)/.exec(english)?.[1];
  if (n && WITH_LIMIT[key]) return WITH_LIMIT[key](n);
  return REASONS[key] ?? english;
}

const REQUIRED = ['isNotEmpty', 'isDefined'];

/** The reasons for one field. A value that is missing is missing: say it is required, not that it is too long or not text. */
function fieldReasons(e: ValidationError): string[] {
  const entries = Object.entries(e.constraints ?? {});
  const missing = e.value === undefined || e.value === null || e.value === '';
  if (missing && entries.some(([k]) => REQUIRED.includes(k))) return entries.filter(([k]) => REQUIRED.includes(k)).map(([k, m]) => reason(k, m));
  if (missing && e.value !== '' && entries.length && !entries.some(([k]) => k === 'whitelistValidation')) return ['必填'];
  return entries.map(([k, m]) => reason(k, m));
}

export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const reasons = fieldReasons(e);
    if (reasons.length) out[key] = reasons;
    Object.assign(out, toFieldErrors(e.children ?? [], key));
  }
  return out;
}

/** A query value typed as a number must be written in decimal digits: "0x1", "1.0", "1e3" are not numbers here. */
const DECIMAL = /^-?\d{1,15}$/;

/**
 * The query fields declared as numbers whose text is not plain decimal. Implicit conversion would
 * otherwise accept whatever `Number()` does (hex, exponents, "1.0", " 1") or pass NaN on.
 */
export function nonDecimalNumbers(query: Record<string, unknown>, metatype: abstract new (...args: never[]) => unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string' || DECIMAL.test(raw)) continue;
    if (Reflect.getMetadata('design:type', metatype.prototype as object, key) === Number) out[key] = [`必须是十进制整数（收到 "${raw}"）`];
  }
  return out;
}

const validationFailed = (errors: FieldErrors) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDATION_FAILED', '请求参数有误', errors);

/** A copy of a validated query object for one request: same class, own arrays (services may spread or change it). */
function copyOf<T extends object>(o: T): T {
  const out = Object.create(Object.getPrototypeOf(o) as object) as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out as T;
}

/**
 * The global pipe. Route parameters are left as typed: `IdPipe` judges them, and would be shown
 * "0x1" already turned into 1 (or "abc" into NaN) if the implicit conversion ran first.
 *
 * A query string that passed once gives the same object again (its DTO's transforms and validators
 * are functions of the text alone), so a hot list route's `?owner=me` is not run through
 * class-transformer and class-validator on every request (#14). Only successes are kept, at most
 * QUERY_CACHE per DTO; failures are judged again each time and answered exactly as before.
 */
const QUERY_CACHE = 500;
class DuchaValidationPipe extends ValidationPipe {
  private readonly queries = new Map<unknown, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return value;
    if (metadata.type === 'query' && metadata.metatype && value && typeof value === 'object') {
      const key = JSON.stringify(value);
      let seen = this.queries.get(metadata.metatype);
      const hit = seen?.get(key);
      if (hit) return copyOf(hit);
      const bad = nonDecimalNumbers(value as Record<string, unknown>, metadata.metatype as abstract new (...args: never[]) => unknown);
      if (Object.keys(bad).length) throw validationFailed(bad);
      const out = await super.transform(value, metadata);
      if (out && typeof out === 'object') {
        if (!seen) this.queries.set(metadata.metatype, (seen = new Map()));
        if (seen.size >= QUERY_CACHE) seen.clear();
        seen.set(key, copyOf(out));
      }
      return out;
    }
    return super.transform(value, metadata);
  }
}

/** whitelist + forbid unknown + transform; failures are 422 with errors keyed by field. */
export function createValidationPipe(): ValidationPipe {
  return new DuchaValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
  });
}
