import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { forbidden } from '../common/errors.js';
import { JobHost } from '../jobs/job-host.js';
import { isPrivateAddress } from '../notifications/drivers/webhook-guard.js';
import { Metrics } from './metrics.js';

/** Fills the queue gauges from Redis and renders the registry in Prometheus' text format. */
export async function renderMetrics(metrics: Metrics, jobs: JobHost): Promise<string> {
  const stats = await jobs.queueStats().catch(() => ({}) as Awaited<ReturnType<JobHost['queueStats']>>);
  for (const [queue, s] of Object.entries(stats)) {
    for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) metrics.queueJobs.set({ queue, state }, s[state]);
    metrics.queueLag.set({ queue }, s.lagSeconds);
  }
  return metrics.registry.metrics();
}

/**
 * Prometheus scrape endpoint. No login (a scraper has none), so it answers only to the machine
 * itself and the private network (where Prometheus runs), never to a public address.
 */
@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobHost,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: FastifyRequest): Promise<string> {
    // Through a reverse proxy the peer is the proxy itself: a forwarded request is someone outside.
    const from = req.socket.remoteAddress ?? '';
    if (!isPrivateAddress(from) || req.headers['x-forwarded-for'] !== undefined) throw forbidden('指标接口只对本机和内网开放');
    return renderMetrics(this.metrics, this.jobs);
  }
}
