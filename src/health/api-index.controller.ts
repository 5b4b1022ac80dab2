import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { AppConfig } from '../config/app-config.js';

/** GET /api: where to go from here, instead of a 404 for someone who types the API's address. */
@ApiTags('health')
@Public()
@Controller()
export class ApiIndexController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  index(): { name: string; message: string; links: Record<string, string> } {
    const base = this.config.notifications.publicUrl;
    return {
      name: 'ducha 督查',
      message: '这是督查系统的接口地址。使用说明见接口文档；日常办理请打开网页端。',
      links: { app: `${base}/`, docs: `${base}/api/docs`, openapi: `${base}/api/docs-json`, health: `${base}/api/health`, login: `${base}/api/auth/login` },
    };
  }
}
