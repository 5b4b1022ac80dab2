/**
 * One process of the bare baseline for bench/workers.bench.ts: a BullMQ worker that sends one mail
 * per job through a nodemailer pool, at the same concurrency as ducha's delivery workers.
 * Args: redisUrl prefix smtpPort concurrency
 */
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { bullConnection } from '../src/jobs/job-host.js';

const [redisUrl, prefix, smtpPort, concurrency] = process.argv.slice(2);
const transport = nodemailer.createTransport({
  pool: true,
  maxConnections: Number(concurrency),
  host: '127.0.0.1',
  port: Number(smtpPort),
  secure: false,
});
const worker = new Worker(
  'bare',
  (job) =>
    transport.sendMail({
      from: 'ducha 督查 <ducha@localhost>',
      to: `owner${job.data.i as number}@bench.local`,
      subject: '【督查提醒】您有 1 项工作需要办理',
      text: '张三，您好：\n\n已逾期：\n1. 走访活动（2024年6月）— 截止 2024-06-28，已逾期 1 天\n'.repeat(3),
      html: '<p>张三，您好：</p><ol><li>走访活动（2024年6月）— 截止 2024-06-28，已逾期 1 天</li></ol>',
      messageId: `<bare.${job.id}@localhost>`,
    }),
  { connection: bullConnection(redisUrl), prefix, concurrency: Number(concurrency) },
);
worker.on('ready', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => void worker.close().then(() => (transport.close(), process.exit(0))));
