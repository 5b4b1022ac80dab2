import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * This process' Prometheus metrics. Each process counts what it does itself (an API process its
 * sweeps if it is the scheduler, a worker its jobs and messages); queue depth and lag are read from
 * Redis when scraped, so any process answers them for the whole installation.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly jobDuration = new Histogram({
    name: 'ducha_job_duration_seconds',
    help: 'Time a job spent in its handler, by queue, job name and outcome (completed or failed).',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: 'ducha_messages_total',
    help: 'Notification messages by channel and outcome (sent, failed, skipped), as delivered by this process.',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly sweepDuration = new Histogram({
    name: 'ducha_sweep_duration_seconds',
    help: 'Duration of a supervision sweep.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'ducha_queue_jobs',
    help: 'Jobs per queue and state (read from Redis when scraped).',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly queueLag = new Gauge({
    name: 'ducha_queue_lag_seconds',
    help: 'Age of the oldest waiting job per queue (read from Redis when scraped).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ducha_' });
  }
}
