import { existsSync } from 'node:fs';
import path from 'node:path';
import { webRoot } from '../src/web/web-app.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The built web app (npm run build / scripts/test.sh build it before the e2e suite) served beside the API.
describe('web app served at / (history fallback, /api excluded, CSP self only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('has a build to serve', () => {
    expect(existsSync(path.join(webRoot(), 'index.html'))).toBe(true);
  });

  it('serves index.html at / and at any page route, never cached, with a self-only CSP', async () => {
    for (const url of ['/', '/tasks/12', '/office/plans/3', '/login?next=%2Fmy']) {
      const res = await t.http.get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:/);
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const index = await t.http.get('/').expect(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    const res = await t.http.get(asset).expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves /api to the API: unknown API routes answer JSON 404, not the page', async () => {
    const res = await t.http.get('/api/no-such-route').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.statusCode).toBe(404);
    // the security headers and the request id on API answers and errors too, not only on pages
    for (const r of [res, await t.http.get('/api').expect(200)]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
    }
    const index = await t.http.get('/api').expect(200); // the API's own index, not the page
    expect(index.headers['content-type']).toMatch(/json/);
    const health = await t.http.get('/api/health').expect(200);
    expect(health.body.status).toBe('ok');
  });
});
