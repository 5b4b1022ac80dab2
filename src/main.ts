import 'reflect-metadata';
import { ConsoleLogger, Logger, type INestApplication, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type AppOptions } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { byteSize, parseJsonBody } from './common/json-depth.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/request-id.js';
import { securityHeaders } from './common/security-headers.js';
import { trustProxyOption } from './common/trust-proxy.js';
import { createValidationPipe } from './common/validation.js';
import { registerWebApp } from './web/web-app.js';

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

/**
 * Builds the HTTP application on fastify (#14: Express and its middleware left 0.24–0.31× of bare
 * node:http for a route without SQL), initialised and ready: `ducha serve` listens on it, the e2e
 * tests hand `getHttpServer()` to supertest.
 */
export async function createApp(options: AppOptions, logger: false | Logger[] | undefined = undefined): Promise<INestApplication> {
  const { config } = options;
  const adapter = new FastifyAdapter({
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: byteSize(config.bodyLimit),
    // Node's own limit on receiving one request (a slow client, a stalled upload), which fastify would set to none.
    requestTimeout: 300_000,
    genReqId: (req: IncomingMessage) => requestIdFor(req.headers['x-request-id']),
    // The uploads read their bodies themselves (src/common/multipart.ts); registered at boot, not lazily.
    multipart: true,
    // Nest's logger reports what matters; fastify's own (pino) stays off.
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bodyParser: false,
    ...loggerOption(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  // helmet's headers with the CSP above (computed once: they are the same for every response) and the request id.
  const headers = securityHeaders({ contentSecurityPolicy: { directives: CSP } });
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  // Our own JSON parser: a bad, bare or too deeply nested body is a 400 in the API's error shape (a body nested
  // thousands deep would otherwise crash class-transformer: a 500); fastify itself answers a body over bodyLimit (413),
  // which the filter below turns into the same shape. fastify's text/plain parser goes too: the API takes JSON and
  // multipart only (another type is a 415 in that shape). No ETag: fastify sends none for the API (#14).
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('ducha 督查 API')
    .setDescription('工作计划事项督查：计划、事项、时间节点（任务）、佐证、审核、提醒与督查报告')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  registerWebApp(fastify);
  // Routes go into fastify at init, and fastify answers only once ready (supertest on getHttpServer() too).
  try {
    await app.init();
    await fastify.ready();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}

/** A worker process: the same modules as an application context, without HTTP (`ducha worker`). */
export async function createWorkerContext(options: AppOptions, logger: false | Logger[] | undefined = undefined): Promise<INestApplicationContext> {
  // No enableShutdownHooks: `ducha worker` handles SIGTERM itself, with a deadline.
  return NestFactory.createApplicationContext(AppModule.forRoot(options), loggerOption(logger));
}
