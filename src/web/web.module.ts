import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/package-root.js';

/** Where `npm run build` puts the web app (vite build of web/ into dist/public). */
export function webRoot(): string {
  return path.join(packageRoot(), 'dist', 'public');
}

/**
 * Serves the built web app at `/` with history fallback to index.html; `/api` stays the API's.
 * Hashed assets are cached for a year, index.html never (so a new build is picked up at once).
 * Without a build (the API-only e2e tests) nothing is mounted.
 */
@Module({})
export class WebModule {
  static forRoot(root = webRoot()): DynamicModule {
    if (!existsSync(path.join(root, 'index.html'))) return { module: WebModule };
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          exclude: ['/api', '/api/{*rest}'],
          serveStaticOptions: {
            index: false,
            setHeaders: (res: Response, file: string) => {
              res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
            },
          },
        }),
      ],
    };
  }
}
