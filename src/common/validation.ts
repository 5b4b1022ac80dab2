import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
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

function reason(key: string, english: string): string {
  // A message a DTO wrote itself (Chinese) wins over the generic one.
  if (/[\u4e00-\u9fff]/.test(english)) return english;
  return REASONS[key] ?? english;
}

export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const reasons = Object.entries(e.constraints ?? {}).map(([k, m]) => reason(k, m));
    if (reasons.length) out[key] = reasons;
    Object.assign(out, toFieldErrors(e.children ?? [], key));
  }
  return out;
}

/** whitelist + forbid unknown + transform; failures are 422 with errors keyed by field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDATION_FAILED', '请求参数有误', toFieldErrors(errors)),
  });
}
