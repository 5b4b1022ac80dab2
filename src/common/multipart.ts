import {
  BadRequestException,
  createParamDecorator,
  HttpStatus,
  Inject,
  Injectable,
  mixin,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import {
  memoryStorage,
  type IncomingMultipartFile,
  type MultipartLimits,
  type MultipartStorageEngine,
  type UploadedMultipartFile,
} from '@nestjs/platform-fastify/multipart';
// The parser behind @nestjs/platform-fastify's own FileInterceptor: multer's semantics (limits, one file per
// field, partial files removed, the rest of the body drained before the answer) on @fastify/multipart. Called
// here directly so that the evidence upload reads its body after the service's access checks, as it did
// with multer. Not in the package's index, so the version is pinned exactly in package.json.
import { multerExceptions } from '@nestjs/platform-fastify/multipart/multipart/multipart.constants.js';
import { processMultipart } from '@nestjs/platform-fastify/multipart/multipart/multipart.parser.js';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { DomainError, invalidField } from './errors.js';

/** The limits of one upload route (multer's names): the file's size, how many files, text fields and their size. */
export type UploadLimits = Pick<MultipartLimits, 'fileSize' | 'files' | 'fields' | 'fieldSize'> & { fileSize: number };
/** Where an upload's file goes while it arrives (multer's storage-engine contract: `_handleFile` / `_removeFile`). */
export type UploadStorage = MultipartStorageEngine;
export type IncomingUpload = IncomingMultipartFile;
/** A file as the storage engine stored it: `originalname`, `size`, and `buffer` (memory) or `path` (disk). */
export type StoredUpload = UploadedMultipartFile;

/**
 * The request of an upload route as controllers and services hold it: opaque, read only by
 * receiveSingleFile (so no HTTP adapter's types leave this file).
 */
export interface UploadRequest {
  readonly __uploadRequest: never;
}

/** The upload route's request, for receiveSingleFile (`@UploadRequestParam() req: UploadRequest`). */
export const UploadRequestParam = createParamDecorator((_: unknown, ctx: ExecutionContext): UploadRequest => ctx.switchToHttp().getRequest<UploadRequest>());

/** Whether the request carries a multipart/form-data body. */
export function isMultipartRequest(req: UploadRequest): boolean {
  return (req as unknown as { isMultipart?: () => boolean }).isMultipart?.() === true;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
}

const MULTER_CODES = new Map<string, string>(Object.entries(multerExceptions).map(([code, message]) => [message, code]));

/**
 * The parser's exceptions in the API's terms: a file over the limit is a 413 naming the limit, a
 * form of the wrong shape (a second file, another file field, too many or too long fields) a 422 on
 * that field, a broken or truncated body a 400. A disk error (it has an errno code) stays a 500.
 */
export function uploadError(err: unknown, fileField: string, limits: UploadLimits): unknown {
  if (err instanceof PayloadTooLargeException)
    return new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'FILE_TOO_LARGE', `文件超过大小上限 ${formatBytes(limits.fileSize)}`, {
      [fileField]: [`最大 ${formatBytes(limits.fileSize)}`],
    });
  if (err instanceof BadRequestException) {
    // Multer's message, then " - <field>" when the error names one.
    const [message, field] = err.message.split(' - ');
    const code = MULTER_CODES.get(message);
    if (code) return invalidField(field || fileField, `上传格式有误（${code}）：只能上传一个文件，字段名为 ${fileField}`);
  }
  if (err instanceof DomainError || (err instanceof Error && (err as NodeJS.ErrnoException).code)) return err;
  if (err instanceof Error)
    return new DomainError(HttpStatus.BAD_REQUEST, 'UPLOAD_MALFORMED', '上传内容不完整或格式有误（multipart 数据损坏或被截断），未保存任何文件', {
      [fileField]: ['上传数据不完整，请重新上传'],
    });
  return err;
}

/**
 * Reads a multipart body that holds at most one file, in `fileField`, streaming it into `storage`;
 * text fields come back as `fields`. Files in other fields, a second file or a limit exceeded fail
 * the request (uploadError) with nothing kept. A request that is not multipart gives no file and its
 * parsed body as the fields.
 */
export async function receiveSingleFile(
  req: UploadRequest,
  fileField: string,
  limits: UploadLimits,
  storage: UploadStorage,
): Promise<{ file?: StoredUpload; fields: Record<string, unknown> }> {
  const request = req as unknown as FastifyRequest & { file?: StoredUpload };
  // What arrived, and its first bytes: to tell why a body yielded no part at all (below).
  let bytes = 0;
  let head = '';
  const count = (chunk: Buffer): void => {
    bytes += chunk.length;
    if (head.length < 4096) head += chunk.subarray(0, 4096).toString('latin1');
  };
  request.raw.on('data', count);
  let file: StoredUpload | undefined;
  try {
    [file] = await processMultipart(
      request,
      { fields: [{ name: fileField, maxCount: 1 }], strategy: 'VALUE' },
      { limits, preservePath: true, defParamCharset: 'utf8' },
      storage,
    );
  } catch (err) {
    throw uploadError(err, fileField, limits);
  } finally {
    request.raw.off('data', count);
  }
  const fields = (request.body ?? {}) as Record<string, unknown>;
  // @fastify/busboy skips, without a word, a part with no Content-Disposition (a broken header) and one whose
  // name or file name holds a line break; busboy 1 under multer failed the first and handed over the second.
  // So a body of more than its closing delimiter that yields no part at all is one of these: a file name with
  // a line break is refused as a file name (422), anything else is a broken body (400).
  if (!file && Object.keys(fields).length === 0 && bytes > closingDelimiterLength(request.headers['content-type'])) {
    if (/^content-disposition:/im.test(head)) throw invalidField(fileField, '文件名不能含换行符', '文件名不合规：文件名不能含换行符');
    throw uploadError(new Error('no part could be read'), fileField, limits);
  }
  return { file, fields };
}

/** The bytes of an empty form: `--<boundary>--` and its line breaks. */
function closingDelimiterLength(contentType: string | undefined): number {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return (boundary?.[1] ?? boundary?.[2] ?? '').length + 8;
}

/**
 * For routes whose handler takes the whole upload at once (plan import): reads the multipart body
 * into memory before the pipes run, so `@Body()` holds the text fields and `@UploadedFile()` the
 * file (`buffer`, `originalname` in UTF-8). JSON bodies pass through untouched.
 */
export function SingleFileInMemory(fileField: string, limits: (config: AppConfig) => UploadLimits): Type<NestInterceptor> {
  @Injectable()
  class SingleFileInMemoryInterceptor implements NestInterceptor {
    constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

    async intercept(ctx: ExecutionContext, next: CallHandler) {
      const req = ctx.switchToHttp().getRequest<UploadRequest>();
      if (isMultipartRequest(req)) await receiveSingleFile(req, fileField, limits(this.config), memoryStorage());
      // Without an upload, `req.file` is @fastify/multipart's method of that name, not a file: shadowed here.
      else Object.assign(req, { file: undefined });
      return next.handle();
    }
  }
  return mixin(SingleFileInMemoryInterceptor);
}
