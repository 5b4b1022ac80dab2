import 'reflect-metadata';
import { ConsoleLogger, Logger, type INestApplication, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule, type AppOptions } from './app.module.js';
import { errorBody, HttpExceptionFilter } from './common/http-exception.filter.js';
import { jsonDepthGuard } from './common/json-depth.js';
import { requestIdMiddleware } from './common/request-id.js';
import { createValidationPipe } from './common/validation.js';

/**
 * Content-Security-Policy: ducha's own origin only (government networks are closed; no CDN). blob: is
 * the evidence viewer's object URLs (files fetched with the bearer header), data: Vant's embedded icon
 * font; inline styles for component libraries and the report preview's own <style>. Never inline script.
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'blob:', 'data:'],
  fontSrc: ["'self'", 'data:'],
  frameSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * Structured logs in production: Nest's own ConsoleLogger in JSON mode (one object a line with
 * level, time, context, message; Nest 11+ has it built in), so no pino and no adapter to keep in
 * step with Nest 12. Elsewhere the readable default.
 */
export function productionLogger(env: Record<string, string | undefined> = process.env): LoggerService | undefined {
  return env.NODE_ENV === 'production' ? new ConsoleLogger({ json: true }) : undefined;
}

function loggerOption(logger: false | Logger[] | undefined): { logger?: false | LoggerService } {
  if (logger === false) return { logger: false };
  const json = productionLogger();
  return json ? { logger: json } : {};
}

/** Builds the HTTP application (not listening yet): used by `ducha serve` and by the e2e tests. */
export async function createApp(options: AppOptions, logger: false | Logger[] | undefined = undefined): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    ...loggerOption(logger),
  });
  if (options.config.trustProxy)
    app.set('trust proxy', /^\d+$/.test(options.config.trustProxy) ? Number(options.config.trustProxy) : options.config.trustProxy);
  app.use(requestIdMiddleware);
  app.use(helmet({ contentSecurityPolicy: { directives: CSP } }));
  // Our own JSON parser, so that a bad or oversized body gets the API's error shape, not Express' HTML page.
  app.use(express.json({ limit: options.config.bodyLimit }));
  app.use(jsonDepthGuard()); // a body nested thousands deep would otherwise crash class-transformer (500)
  app.use((err: Error & { status?: number }, req: Request & { requestId?: string }, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = errorBody(err, req.requestId ?? '-');
    res.status(body.statusCode).json(body);
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('ducha 督查 API')
    .setDescription('工作计划事项督查：计划、事项、时间节点（任务）、佐证、审核、提醒与督查报告')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** A worker process: the same modules as an application context, without HTTP (`ducha worker`). */
export async function createWorkerContext(options: AppOptions, logger: false | Logger[] | undefined = undefined): Promise<INestApplicationContext> {
  // No enableShutdownHooks: `ducha worker` handles SIGTERM itself, with a deadline.
  return NestFactory.createApplicationContext(AppModule.forRoot(options), loggerOption(logger));
}
