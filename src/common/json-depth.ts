import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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

/** Express middleware after the JSON parser: a body nested deeper than `max` is a 400, before any DTO sees it. */
export function jsonDepthGuard(max = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.body !== null && typeof req.body === 'object' && jsonTooDeep(req.body, max)) {
      return next(new DomainError(HttpStatus.BAD_REQUEST, 'JSON_TOO_DEEP', `请求体嵌套层数过多（最多 ${max} 层）`));
    }
    next();
  };
}
