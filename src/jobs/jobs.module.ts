import { Global, Module } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { JobHost } from './job-host.js';

/** The job host and this process' metrics, available to every module. */
@Global()
@Module({ providers: [JobHost, Metrics], exports: [JobHost, Metrics] })
export class JobsModule {}
