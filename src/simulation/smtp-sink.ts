import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** "=?UTF-8?B?…?=" words of a header, decoded. */
function decodeWords(s: string): string {
  return s.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** Subject and text/plain body of a raw message, enough to show the demo's messages. */
export function readMail(raw: string): { subject: string; to: string; text: string } {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  let text = '';
  for (const part of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const [h, ...rest] = part.split(/\r?\n\r?\n/);
    if (!/Content-Type:\s*text\/plain/i.test(h)) continue;
    const body = rest.join('\n\n');
    if (/Content-Transfer-Encoding:\s*base64/i.test(h)) text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    else if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(h))
      text = Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, x: string) => String.fromCharCode(parseInt(x, 16))),
        'latin1',
      ).toString('utf8');
    else text = body;
    break;
  }
  return { subject: decodeWords(header('Subject')), to: header('To'), text: text.replace(/\r\n/g, '\n') };
}

/** A local SMTP server in-process that accepts everything and counts messages per recipient (the demo's mailbox). */
export class CountingSmtpSink {
  count = 0;
  /** The first message of each kind (by subject prefix: 【督查提醒】 owner, 【督办提醒】 unit head, 【督查日报】 presidium), raw. */
  readonly firstOfKind = new Map<string, string>();
  readonly perRecipient = new Map<string, number>();
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => {
          if (this.firstOfKind.size < 3) chunks.push(c);
        });
        stream.on('end', () => {
          this.count++;
          if (chunks.length) {
            const raw = Buffer.concat(chunks).toString('utf8');
            const kind = /【[^】]+】/.exec(readMail(raw).subject)?.[0];
            if (kind && !this.firstOfKind.has(kind)) this.firstOfKind.set(kind, raw);
          }
          for (const r of session.envelope.rcptTo) this.perRecipient.set(r.address, (this.perRecipient.get(r.address) ?? 0) + 1);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
