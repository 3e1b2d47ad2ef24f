// The console's web page and its bundled assets (built by scripts/build.ts into dist/console/: index.html,
// assets/app.js, assets/app.css), read once into memory and served with their types. No CDN: the machines
// Peregrine runs on are often offline.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  /** Content hash, for If-None-Match. */
  readonly etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** dist/console/ of this installation (from the bundle: beside it; from the sources: the checkout's dist/). */
export function assetsDir(here: string = import.meta.url): string {
  if (here.endsWith('.ts')) return fileURLToPath(new URL('../../dist/console/', here));
  return fileURLToPath(new URL(here.includes('/chunks/') ? '../console/' : './console/', here));
}

/** URL path (`/`, `/assets/app.js`) → asset. Throws an Error saying how to build them when they are missing. */
export function loadAssets(dir: string = assetsDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const add = (urlPath: string, file: string): void => {
    const body = readFileSync(file);
    const ext = file.slice(file.lastIndexOf('.'));
    const hash = (fnv1a(body) >>> 0).toString(16);
    out.set(urlPath, { type: TYPES[ext] ?? 'application/octet-stream', body, etag: `"${body.length}-${hash}"` });
  };
  try {
    add('/', join(dir, 'index.html'));
    for (const name of readdirSync(join(dir, 'assets'))) add(`/assets/${name}`, join(dir, 'assets', name));
  } catch (err) {
    throw new Error(
      `the console's web assets are missing in ${dir} (${(err as NodeJS.ErrnoException).code ?? err}): build them with 'npm run build'`,
    );
  }
  return out;
}

/** FNV-1a over the bytes: an ETag only needs to change when the file does. */
function fnv1a(b: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}
