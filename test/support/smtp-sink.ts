import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string;
  /** Decoded text and html parts, concatenated. */
  body: string;
  /** The name the client gave in EHLO (ducha: SMTP_CLIENT_NAME): which process sent it. */
  client: string;
}

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

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
}

/** Decodes each MIME part's body (base64 or quoted-printable); enough to assert on Chinese text. */
function bodies(raw: string): string {
  const out: string[] = [];
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    if (/Content-Transfer-Encoding:\s*base64/i.test(head)) out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head))
      out.push(
        Buffer.from(
          body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
      );
    else out.push(body);
  }
  return out.join('\n');
}

/** A real SMTP server in-process that records what it receives; it can refuse mail for a while. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** While true, DATA is answered with a temporary failure (451). */
  refuse = false;
  /** While true, DATA is never answered: the client hangs mid-send (a process can be killed "in flight"). */
  hold = false;
  /** Messages received while holding (never answered, never recorded). */
  held = 0;
  /** Messages refused (451) so far. */
  refused = 0;
  private server: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.hold) {
            this.held++;
            return;
          }
          if (this.refuse) {
            this.refused++;
            const err = new Error('mailbox temporarily unavailable') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: decodeWords(header(raw, 'Subject')),
            messageId: header(raw, 'Message-ID'),
            body: bodies(raw),
            client: session.hostNameAppearsAs,
          });
          callback();
        });
      },
    });
    // A client process killed mid-session resets its connection: that is the test's doing, not an error of the sink.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
