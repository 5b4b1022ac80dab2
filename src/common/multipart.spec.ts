import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from './errors.js';
import { formatBytes, uploadError } from './multipart.js';

const limits = { fileSize: 20 * 1024 * 1024, files: 1 };
const body = (err: unknown) => {
  const e = err as DomainError;
  return { status: e.status, code: e.code, message: e.message, errors: e.errors };
};

describe('uploadError', () => {
  it('a file over the limit is a 413 naming the limit, on the file field', () => {
    expect(body(uploadError(new PayloadTooLargeException('File too large'), 'file', limits))).toEqual({
      status: 413,
      code: 'FILE_TOO_LARGE',
      message: '文件超过大小上限 20 MB',
      errors: { file: ['最大 20 MB'] },
    });
  });
  it('a form of the wrong shape is a 422 on the field the parser named, with multer’s code', () => {
    expect(body(uploadError(new BadRequestException('Too many files - file'), 'file', limits))).toMatchObject({
      status: 422,
      errors: { file: [expect.stringContaining('LIMIT_FILE_COUNT')] },
    });
    expect(body(uploadError(new BadRequestException('Unexpected file field - photo'), 'file', limits))).toMatchObject({
      status: 422,
      errors: { photo: [expect.stringContaining('LIMIT_UNEXPECTED_FILE')] },
    });
  });
  it('a broken or truncated body is a 400; a disk error and our own errors pass unchanged', () => {
    expect(body(uploadError(new BadRequestException('Multipart: Unexpected end of form'), 'file', limits))).toMatchObject({
      status: 400,
      code: 'UPLOAD_MALFORMED',
    });
    expect(body(uploadError(new Error('Malformed part header'), 'file', limits))).toMatchObject({ status: 400, code: 'UPLOAD_MALFORMED' });
    const disk = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(uploadError(disk, 'file', limits)).toBe(disk);
    const own = new DomainError(415, 'X', '不行');
    expect(uploadError(own, 'file', limits)).toBe(own);
  });
  it('formats sizes in MB or KB', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1500)).toBe('2 KB');
  });
});
