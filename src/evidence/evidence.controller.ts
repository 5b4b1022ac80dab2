import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import type { Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { UploadRequestParam, type UploadRequest } from '../common/multipart.js';
import { AddEvidenceDto, MyUploadsQuery } from './dto/evidence.dto.js';
import { EvidenceService } from './evidence.service.js';
import { contentDisposition } from './file-kind.js';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Evidence of a task, with which expected evidence is met and which is missing. */
  @Get('tasks/:id/evidence') list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evidence.list(actor, id);
  }

  /** Multipart upload (field "file", optional "kind"), streamed to disk, attached to the task. */
  @Post('tasks/:id/evidence/files')
  @ApiConsumes('multipart/form-data')
  upload(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadRequestParam() req: UploadRequest) {
    return this.evidence.uploadToTask(actor, id, req);
  }

  /** Attach an already uploaded file ({fileId}), a link ({url}) or a note ({note}). */
  @Post('tasks/:id/evidence') add(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AddEvidenceDto) {
    return this.evidence.add(actor, id, dto);
  }

  @Delete('tasks/:id/evidence/:evidenceId')
  @HttpCode(204)
  detach(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('evidenceId', IdPipe) evidenceId: number) {
    return this.evidence.detach(actor, id, evidenceId);
  }

  /** Upload without attaching (to attach to several tasks by fileId). */
  @Post('files')
  @ApiConsumes('multipart/form-data')
  uploadLoose(@CurrentActor() actor: Actor, @UploadRequestParam() req: UploadRequest) {
    return this.evidence.uploadLoose(actor, req);
  }

  /** The caller's own uploads in their org, newest first, with the tasks each backs: to reuse one on another task by fileId. */
  @ApiOperation({ summary: '本人以前上传的材料（本组织内，仅本人上传的，最新在前），附已用于哪些任务；用 fileId 添加到另一任务，不必重复上传' })
  @Get('files/mine')
  mine(@CurrentActor() actor: Actor, @Query() q: MyUploadsQuery) {
    return this.evidence.myUploads(actor, q);
  }

  @Get('files/:id') meta(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evidence.fileFor(actor, id);
  }

  @Get('files/:id/download')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiQuery({ name: 'rendition', required: false, enum: ['jpeg'], description: 'jpeg：HEIC 照片在服务器上转成的 JPEG（无则发原文件）' })
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query('rendition') rendition: string | undefined): Promise<StreamableFile> {
    const { path, mime, size, name } = await this.evidence.download(actor, id, rendition);
    return new StreamableFile(createReadStream(path), { type: mime, length: size, disposition: contentDisposition(name) });
  }
}
