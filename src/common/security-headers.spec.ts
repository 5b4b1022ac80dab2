import { securityHeaders } from './security-headers.js';

describe('securityHeaders: helmet evaluated once', () => {
  const headers = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], objectSrc: ["'none'"], upgradeInsecureRequests: null } } });

  it('holds the CSP as given and helmet’s other defaults', () => {
    // helmet's own defaults (script-src-attr 'none', …) are kept beside the directives given, as before
    expect(headers['Content-Security-Policy']).toContain("default-src 'self';");
    expect(headers['Content-Security-Policy']).toContain("object-src 'none'");
    expect(headers['Content-Security-Policy']).toContain("script-src-attr 'none'");
    expect(headers['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['X-Frame-Options']).toBe('SAMEORIGIN');
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });

  it('a header turned off is not sent', () => {
    expect(securityHeaders({ xFrameOptions: false })['X-Frame-Options']).toBeUndefined();
  });

  it('bad options fail at boot, not per request', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'; script-src *"] } } } as never)).toThrow();
  });
});
