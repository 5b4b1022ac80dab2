import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DingtalkAppClient } from './dingtalk-app.js';
import { ImPermanentError } from './im-app.js';
import { WecomAppClient } from './wecom-app.js';
import type { Person } from '../people/person.entity.js';
import { CHANNELS, type Channel } from './notification.entity.js';
import type { Rendered } from './templates.js';

/** A failure that retrying will not fix (no address, unknown channel): the message fails at once. */
export class PermanentDeliveryError extends Error {}

export interface Outgoing extends Rendered {
  /** Stable per message, so a resend after a crash can be recognised by the receiving side. */
  messageId: string;
}

/** The person's channel: their choice, else email when they have an address, else their webhook, else the log. */
export function channelFor(person: Pick<Person, 'notifyChannel' | 'email' | 'webhookUrl'>): Channel {
  const chosen = person.notifyChannel as Channel | null;
  if (chosen && (CHANNELS as readonly string[]).includes(chosen)) return chosen;
  if (person.email) return 'email';
  if (person.webhookUrl) return 'webhook';
  return 'log';
}

/** WeCom (企业微信) and DingTalk (钉钉) group robots take markdown; the generic webhook takes JSON. */
export function webhookBody(channel: 'wecom' | 'dingtalk' | 'webhook', msg: Outgoing, to: Pick<Person, 'id' | 'name'>): unknown {
  if (channel === 'wecom') return { msgtype: 'markdown', markdown: { content: msg.markdown } };
  if (channel === 'dingtalk') return { msgtype: 'markdown', markdown: { title: msg.subject, text: msg.markdown } };
  return { id: msg.messageId, to: { id: to.id, name: to.name }, subject: msg.subject, text: msg.text, html: msg.html };
}

@Injectable()
export class ChannelService implements OnApplicationShutdown {
  private readonly logger = new Logger(ChannelService.name);
  private transport: Transporter | null = null;

  /** One client per org's credentials, so each keeps its token and member counts. */
  private readonly wecomApps = new Map<string, WecomAppClient>();
  private readonly dingtalkApps = new Map<string, DingtalkAppClient>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private wecomApp(orgId: number): WecomAppClient {
    const { baseUrl, orgs } = this.config.notifications.wecomApp;
    const key = orgs[String(orgId)] ? String(orgId) : 'default';
    const creds = orgs[key];
    if (!creds) throw new PermanentDeliveryError(`组织 ${orgId} 未配置企业微信应用（notifications.wecomApp.orgs 或 DUCHA_WECOM_*）`);
    let c = this.wecomApps.get(key);
    if (!c)
      this.wecomApps.set(
        key,
        (c = new WecomAppClient(creds, { baseUrl, timeoutMs: this.config.notifications.timeoutMs, now: () => this.clock.now().getTime() })),
      );
    return c;
  }

  private dingtalkApp(orgId: number): DingtalkAppClient {
    const { baseUrl, orgs } = this.config.notifications.dingtalkApp;
    const key = orgs[String(orgId)] ? String(orgId) : 'default';
    const creds = orgs[key];
    if (!creds) throw new PermanentDeliveryError(`组织 ${orgId} 未配置钉钉应用（notifications.dingtalkApp.orgs 或 DUCHA_DINGTALK_*）`);
    let c = this.dingtalkApps.get(key);
    if (!c)
      this.dingtalkApps.set(
        key,
        (c = new DingtalkAppClient(creds, { baseUrl, timeoutMs: this.config.notifications.timeoutMs, now: () => this.clock.now().getTime() })),
      );
    return c;
  }

  private mailer(): Transporter {
    const { smtp, notifications } = this.config;
    this.transport ??= nodemailer.createTransport({
      pool: true,
      maxConnections: notifications.smtpPoolSize,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      connectionTimeout: notifications.timeoutMs,
      greetingTimeout: notifications.timeoutMs,
      socketTimeout: notifications.timeoutMs,
      tls: { rejectUnauthorized: false },
    });
    return this.transport;
  }

  async send(channel: Channel, to: Person, msg: Outgoing): Promise<void> {
    switch (channel) {
      case 'email': {
        if (!to.email) throw new PermanentDeliveryError(`${to.name} 没有邮箱`);
        await this.mailer().sendMail({
          from: this.config.smtp.from,
          to: to.email,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: msg.messageId,
        });
        return;
      }
      case 'wecom':
      case 'dingtalk':
      case 'webhook': {
        if (!to.webhookUrl) throw new PermanentDeliveryError(`${to.name} 没有 webhook 地址`);
        const res = await fetch(to.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ducha-message-id': msg.messageId },
          body: JSON.stringify(webhookBody(channel, msg, to)),
          signal: AbortSignal.timeout(this.config.notifications.timeoutMs),
        });
        const body = await res.text();
        if (!res.ok) throw new Error(`webhook HTTP ${res.status}: ${body.slice(0, 200)}`);
        // Both robots answer 200 with {errcode, errmsg}; a non-zero errcode is a failure.
        if (channel !== 'webhook') {
          const parsed = (() => {
            try {
              return JSON.parse(body) as { errcode?: number; errmsg?: string };
            } catch {
              return {};
            }
          })();
          if (parsed.errcode) throw new Error(`${channel} errcode ${parsed.errcode}: ${parsed.errmsg ?? ''}`);
        }
        return;
      }
      case 'wecom-app':
      case 'dingtalk-app': {
        try {
          if (channel === 'wecom-app') {
            if (!to.wecomUserId) throw new PermanentDeliveryError(`${to.name} 没有企业微信 userid`);
            await this.wecomApp(to.orgId).sendTextCard(to.wecomUserId, msg.card);
          } else {
            if (!to.dingtalkUserId) throw new PermanentDeliveryError(`${to.name} 没有钉钉 userid`);
            await this.dingtalkApp(to.orgId).sendActionCard(to.dingtalkUserId, msg.card);
          }
        } catch (e) {
          // Rate limits and network errors are retried with the delivery backoff; bad credentials or an unknown member are not.
          if (e instanceof ImPermanentError) throw new PermanentDeliveryError(e.message);
          throw e;
        }
        return;
      }
      case 'log':
        this.logger.log(`[通知→${to.name}] ${msg.subject}\n${msg.text}`);
        return;
      default:
        throw new PermanentDeliveryError(`未知渠道 ${String(channel)}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = null;
  }
}
