// Formats generated TypeScript with the project's formatter (Biome, configured by biome.json), so the generated
// files look like every other file and `npm run check` accepts them as written.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function biomeBin(): string {
  const require = createRequire(join(ROOT, 'package.json'));
  return join(dirname(require.resolve('@biomejs/biome/package.json')), 'bin', 'biome');
}

/** `text` as Biome formats a file at `path` (relative to the repository root). */
export function formatTypeScript(path: string, text: string): string {
  return execFileSync(process.execPath, [biomeBin(), 'format', `--stdin-file-path=${path}`], {
    cwd: ROOT,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}
