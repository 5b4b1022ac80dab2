import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

describe('defaults that follow other settings', () => {
  it('DUCHA_DATA_DIR moves the default SQLite file with it', () => {
    const c = loadConfig({ DUCHA_DATA_DIR: '/tmp/ducha-x' });
    expect(c.dataDir).toBe('/tmp/ducha-x');
    expect(c.databaseUrl).toBe(`sqlite:${path.resolve('/tmp/ducha-x/ducha.sqlite')}`);
    expect(loadConfig({ DUCHA_DATA_DIR: '/tmp/ducha-x', DATABASE_URL: 'sqlite:/tmp/other.sqlite' }).databaseUrl).toBe('sqlite:/tmp/other.sqlite');
  });
  it('links point at the server itself unless DUCHA_PUBLIC_URL says otherwise', () => {
    expect(loadConfig({ PORT: '8080' }).notifications.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ DUCHA_PUBLIC_URL: 'https://ducha.town.gov.cn/' }).notifications.publicUrl).toBe('https://ducha.town.gov.cn');
    expect(() => loadConfig({ DUCHA_PUBLIC_URL: 'ducha.town.gov.cn' })).toThrow(ConfigError);
  });
});

describe('webhook targets by default (#13.7)', () => {
  it('only the 企业微信 and 钉钉 robot hosts, and no loopback/private/link-local address', () => {
    const c = loadConfig({});
    expect(c.notifications.webhookHosts).toEqual(['qyapi.weixin.qq.com', 'oapi.dingtalk.com']);
    expect(c.notifications.webhookAllowPrivate).toBe(false);
  });
});
