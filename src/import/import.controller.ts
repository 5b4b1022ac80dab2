import { Body, Controller, Get, Param, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { assertOrg, type Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { DomainError } from '../common/errors.js';
import { IdPipe } from '../common/id.pipe.js';
import { SingleFileInMemory, type StoredUpload } from '../common/multipart.js';
import { PlansService } from '../plans/plans.service.js';
import { ImportPlanDto } from './dto/import.dto.js';
import { ImportService } from './import.service.js';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class ImportController {
  constructor(
    private readonly importer: ImportService,
    private readonly plans: PlansService,
  ) {}

  /**
   * A plan document (multipart `file`: .txt, .docx or .xlsx 台账) or `text` → draft plan(s) with
   * their items and, per item, the extraction's confidence and owner/unit candidates for review.
   * Admins only; nothing is stored when anything is wrong.
   */
  @Post('import')
  @ApiConsumes('multipart/form-data', 'application/json')
  // Plan documents are small and parsed whole, so they are held in memory, under importMaxBytes.
  @UseInterceptors(SingleFileInMemory('file', (config) => ({ fileSize: config.importMaxBytes, files: 1, fields: 10 })))
  async import(@CurrentActor() a: Actor, @Body() dto: ImportPlanDto, @UploadedFile() file?: StoredUpload) {
    const orgId = dto.orgId ?? a.orgId;
    assertOrg(a, orgId, { admin: true });
    if (!file && !dto.text)
      throw new DomainError(422, 'VALIDATION_FAILED', '请上传计划文件（file）或提供计划文本（text）', { file: ['请上传 .txt / .docx / .xlsx 文件'] });
    if (file && dto.text) throw new DomainError(422, 'VALIDATION_FAILED', 'file 和 text 只能二选一', { text: ['已上传文件时不要再提供 text'] });
    return this.importer.import(
      { orgId, year: dto.year, title: dto.title, text: dto.text, file: file?.buffer ? { buffer: file.buffer, name: file.originalname } : undefined },
      a.id,
    );
  }

  /** The plan as an Excel 台账 (one row per item), in the layout import reads back. */
  @Get(':id/ledger.xlsx')
  async ledger(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number): Promise<StreamableFile> {
    assertOrg(a, (await this.plans.get(id)).orgId);
    const { buffer, filename } = await this.importer.exportLedger(id);
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  }
}
