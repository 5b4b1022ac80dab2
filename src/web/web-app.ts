import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/package-root.js';

/** Where `npm run build` puts the web app (vite build of web/ into dist/public). */
export function webRoot(): string {
  return path.join(packageRoot(), 'dist', 'public');
}

/** Whether a path is the API's (answered by Nest, a JSON 404 when unknown), never the web app's. */
export function isApiPath(url: string): boolean {
  return /^\/api(?:[/?#]|$)/.test(url);
}

/** Hashed assets (vite's /assets/…) never change under their name; everything else is checked each time. */
export function cacheControlFor(file: string): string {
  return /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the built web app at `/` with history fallback to index.html; `/api` stays the API's.
 * Hashed assets are cached for a year, index.html never (so a new build is picked up at once).
 * The build's files get a route each at boot (`wildcard: false`), so any other GET is a page route
 * of the app: index.html, except under /api, which goes to the not-found handler (Nest's: the API
 * error shape). Without a build (the API-only e2e tests) nothing is mounted.
 */
export function registerWebApp(fastify: FastifyInstance, root = webRoot()): void {
  if (!existsSync(path.join(root, 'index.html'))) return;
  void fastify.register(fastifyStatic, {
    root,
    index: false,
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, file) => void reply.header('Cache-Control', cacheControlFor(file)),
  });
  fastify.get('/*', (req, reply) => (isApiPath(req.url) ? reply.callNotFound() : reply.sendFile('index.html')));
}
