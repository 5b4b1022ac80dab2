/**
 * One process of the bare baseline for bench/workers.bench.ts: a BullMQ worker that sends one mail
 * per job through a nodemailer pool, at the same concurrency as ducha's delivery workers. The mail
 * is the one ducha sends for a seeded task (its digest of one overdue line, rendered once here with
 * ducha's template, base64 parts as ducha's transport sends them), so that both sides put the same
 * bytes on the wire and the ratio is the cost of what ducha does around the mail.
 * Args: redisUrl prefix smtpPort concurrency
 */
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { bullConnection } from '../src/jobs/job-host.js';
import { renderDigest } from '../src/notifications/templates.js';

const [redisUrl, prefix, smtpPort, concurrency] = process.argv.slice(2);
const transport = nodemailer.createTransport({
  pool: true,
  maxConnections: Number(concurrency),
  host: '127.0.0.1',
  port: Number(smtpPort),
  secure: false,
});
const mail = renderDigest({
  name: '责任人1',
  lines: [
    {
      taskId: 1,
      title: '走访活动1',
      label: '2024年6月',
      dueDay: '2024-06-28',
      stage: 'overdue',
      role: 'owner',
      daysOverdue: 3,
      daysLeft: 0,
      ownerName: '责任人1',
      unitName: '镇党政办',
      missingEvidence: ['照片'],
      headTold: false,
      presidiumTold: false,
      url: 'http://localhost:3000/tasks/1',
    },
  ],
  catchUp: false,
  boardUrl: 'http://localhost:3000/board',
});
const worker = new Worker(
  'bare',
  (job) =>
    transport.sendMail({
      from: 'ducha 督查 <ducha@localhost>',
      to: `owner${job.data.i as number}@bench.local`,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      textEncoding: 'base64',
      messageId: `<bare.${job.id}@localhost>`,
    }),
  { connection: bullConnection(redisUrl), prefix, concurrency: Number(concurrency) },
);
worker.on('ready', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => void worker.close().then(() => (transport.close(), process.exit(0))));
