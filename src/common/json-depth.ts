import { HttpStatus } from '@nestjs/common';
import { DomainError } from './errors.js';

/** No request body of this API nests deeper than a handful of levels; 32 leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `max` objects/arrays. Iterative (an explicit stack),
 * so a hostile body cannot overflow the call stack here as it would in class-transformer.
 */
export function jsonTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A JSON request body as the API takes it: an empty body is `{}`, the top level is an object or an
 * array (as Express' strict parser had it), and nesting deeper than `max` is a 400 before any DTO
 * sees it (class-transformer would overflow its stack on thousands of levels: a 500).
 */
export function parseJsonBody(text: string, max = MAX_JSON_DEPTH): unknown {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'BAD_REQUEST', '请求体不是合法的 JSON');
  }
  if (value === null || typeof value !== 'object') throw new DomainError(HttpStatus.BAD_REQUEST, 'BAD_REQUEST', '请求体不是合法的 JSON：应为对象或数组');
  if (jsonTooDeep(value, max)) throw new DomainError(HttpStatus.BAD_REQUEST, 'JSON_TOO_DEEP', `请求体嵌套层数过多（最多 ${max} 层）`);
  return value;
}

/** "512kb" / "1mb" (config.bodyLimit) in bytes, 1 kb = 1024 bytes as Express' `bytes` counted them. */
export function byteSize(limit: string): number {
  const m = /^(\d+)(kb|mb)$/i.exec(limit.trim());
  if (!m) throw new Error(`not a size like 1mb or 512kb: ${limit}`);
  return Number(m[1]) * (m[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}
