import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding ducha's package.json and config/, wherever the code runs from (src/ or dist/). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'config'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('ducha: cannot find the package root (package.json with config/)');
    dir = parent;
  }
  cached = dir;
  return dir;
}
