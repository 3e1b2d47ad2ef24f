// The event-table generator: libs' C tables, compiled and dumped (libs-dump.ts), rendered as TypeScript
// (render.ts) and formatted as the project formats code (format.ts).
import { formatTypeScript } from './format.ts';
import { dumpLibsTables, readLibsNames } from './libs-dump.ts';
import { type GeneratedFile, renderEventTableFiles } from './render.ts';

export { GENERATED_FILES, type GeneratedFile } from './render.ts';

/** What the generated files must hold, by path from the repository root. */
export function generateEventTableFiles(): Record<GeneratedFile, string> {
  const names = readLibsNames();
  const files = renderEventTableFiles(names, dumpLibsTables(names));
  for (const path of Object.keys(files) as GeneratedFile[]) files[path] = formatTypeScript(path, files[path]);
  return files;
}
