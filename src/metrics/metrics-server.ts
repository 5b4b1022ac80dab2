import type { INestApplicationContext } from '@nestjs/common';
import http from 'node:http';
import { JobHost } from '../jobs/job-host.js';
import { renderMetrics } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** A worker has no HTTP server: with jobs.metricsPort it serves its own metrics at /metrics on that port. */
export async function serveMetrics(app: INestApplicationContext, port: number): Promise<http.Server> {
  const metrics = app.get(Metrics);
  const jobs = app.get(JobHost);
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    renderMetrics(metrics, jobs).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}
