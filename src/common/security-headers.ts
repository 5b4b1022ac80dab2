import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets, computed once. ducha's helmet options have no per-request part (no CSP
 * nonces), so every response gets the same headers; @fastify/helmet instead builds helmet's middleware
 * again on every request, re-parsing the CSP directives each time (7 % of a task detail's CPU, #14).
 * Headers helmet would remove (X-Powered-By) are never set by fastify.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
    getHeader(name: string) {
      return headers[name];
    },
  };
  let failed: unknown;
  // helmet's middleware is synchronous: it calls next once it has set every header.
  helmet(options)({ headers: {} } as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  if (Object.keys(headers).length === 0) throw new Error('helmet set no headers: its middleware is no longer synchronous');
  return headers;
}
