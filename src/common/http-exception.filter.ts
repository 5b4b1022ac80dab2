import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { DomainError } from './errors.js';
import { requestIdOf } from './request-id.js';

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误',
  401: '未登录或令牌无效',
  403: '无权进行此操作',
  404: '未找到',
  405: '不支持的请求方法',
  409: '状态冲突',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '请求参数有误',
  429: '请求过于频繁，请稍后再试',
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: Record<string, string[]>;
  details?: Record<string, unknown>;
  requestId: string;
}

/** Builds the one error body shape of the API; never includes a stack trace. */
export function errorBody(exception: unknown, requestId: string): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      ...(exception.errors ? { errors: exception.errors } : {}),
      ...(exception.details ? { details: exception.details } : {}),
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const own = typeof response === 'object' && response && 'message' in response ? (response as { message: unknown }).message : undefined;
    const message = typeof own === 'string' && /[\u4e00-\u9fff]/.test(own) ? own : (STATUS_MESSAGES[status] ?? '请求失败');
    return { statusCode: status, code: HttpStatus[status] ?? 'ERROR', message, requestId };
  }
  // Errors raised by fastify itself (body over bodyLimit, an unknown content type) carry a status of their own.
  const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, code: HttpStatus[status] ?? 'BAD_REQUEST', message: STATUS_MESSAGES[status] ?? '请求有误', requestId };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: '服务器内部错误，请联系管理员并提供请求编号', requestId };
}

/** Every error of the API, thrown in a handler or raised by the HTTP adapter before one (a bad body), as errorBody. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  /** Replies through the adapter's own calls, so the filter holds no Express or fastify types. */
  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<unknown>();
    const res = ctx.getResponse<unknown>();
    const body = errorBody(exception, requestIdOf(req));
    if (body.statusCode >= 500) {
      this.logger.error(
        `${this.http.getRequestMethod?.(req)} ${this.http.getRequestUrl?.(req)} [${body.requestId}] ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    if (this.http.isHeadersSent(res)) return;
    // A 429 says when to come back, in the body and as the standard header.
    if (body.statusCode === 429 && typeof body.details?.retryAfterSeconds === 'number')
      this.http.setHeader(res, 'Retry-After', String(body.details.retryAfterSeconds));
    this.http.reply(res, body, body.statusCode);
  }
}
