import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The pages are plain files in the top-level `web/` folder (`tsc` emits only TypeScript), the
 * same folder for `npm start` (running from `dist/`) and the tests (running from `src/`); the
 * bundle made of it goes beside, in `dist/web/`. Found by walking up from this file to the project root.
 */
export function webRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web', 'index.html'))) return join(dir, 'web');
    if (dirname(dir) === dir) throw new Error(`The web pages (web/index.html) were not found above ${from}`);
  }
}
