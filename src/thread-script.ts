// Where a worker thread's script is. From the sources (tests run them with Node's type stripping) it is a .ts file
// beside the module that starts it; in the bundle, scripts/build.ts builds each worker as its own entry point in
// dist/, and the starting module sits in dist/ or in dist/chunks/.
import { fileURLToPath } from 'node:url';

/**
 * @param here the starting module's import.meta.url
 * @param source the worker's source file, relative to `here` (`./writer-thread.ts`)
 * @param bundled the worker's file in dist/ (`store-writer.mjs`)
 */
export function threadScript(here: string, source: string, bundled: string): string {
  if (here.endsWith('.ts')) return fileURLToPath(new URL(source, here));
  return fileURLToPath(new URL(here.includes('/chunks/') ? `../${bundled}` : `./${bundled}`, here));
}
