// Imports go one way: a module never imports from a floor above its own (docs/architecture.md, "Floors").
// The floors, lowest first; a file belongs to the first entry whose path prefix it has.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';

const FLOORS: readonly (readonly [string, readonly string[]])[] = [
  [
    'ground',
    [
      'src/log.ts',
      'src/version.ts',
      'src/undici.ts',
      'src/syslog-sink.ts',
      'src/thread-script.ts',
      'src/lazy-module.ts',
      'src/text/',
      'src/metrics/',
    ],
  ],
  ['capture', ['src/capture/']],
  ['state', ['src/state/']],
  ['fields', ['src/fields/']],
  ['rules', ['src/rules/']],
  ['config', ['src/config/']],
  ['outputs', ['src/outputs/', 'src/store/', 'src/fleet/']],
  ['engine', ['src/engine/']],
  ['server', ['src/server/', 'src/console/']],
  ['app', ['src/app/']],
  ['cli', ['src/cli/']],
];

/** The floor index of a path relative to the root, or -1 when it is on none. */
function floorOf(path: string): number {
  return FLOORS.findIndex(([, prefixes]) => prefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)));
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Relative import specifiers of a source text. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) out.push(m[1] ?? m[2]);
  return out;
}

/** Upward imports among `files` (root-relative path → text): one line each. */
function upwardImports(files: ReadonlyMap<string, string>): string[] {
  const bad: string[] = [];
  for (const [path, text] of files) {
    const from = floorOf(path);
    if (from < 0) {
      bad.push(`${path}: on no floor (add it to FLOORS and to docs/architecture.md)`);
      continue;
    }
    for (const spec of importsOf(text)) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), spec));
      const to = floorOf(target);
      if (to > from) bad.push(`${path} (${FLOORS[from][0]}) imports ${target} (${FLOORS[to][0]})`);
    }
  }
  return bad;
}

function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts')) out.set(p, readFileSync(join(ROOT, p), 'utf8'));
  }
  return out;
}

test('no module imports from a floor above its own', () => {
  const files = sources('src');
  assert.ok(files.size > 100, `found only ${files.size} source files`);
  assert.deepEqual(upwardImports(files), []);
});

test('the check sees static, type-only, re-exporting and dynamic imports going up', () => {
  const files = new Map([
    ['src/state/x.ts', "import { Engine } from '../engine/engine.ts';"],
    ['src/capture/y.ts', "import type {\n  Rule,\n} from '../rules/ruleset.ts';"],
    ['src/text/z.ts', "export { log } from '../log.ts';\nexport * from '../outputs/alert.ts';"],
    ['src/rules/w.ts', "const m = await import('../cli/main.ts');"],
    ['src/outputs/v.ts', "import { a } from './alert.ts';\nimport { b } from '../rules/priority.ts';"],
  ]);
  assert.deepEqual(upwardImports(files), [
    'src/state/x.ts (state) imports src/engine/engine.ts (engine)',
    'src/capture/y.ts (capture) imports src/rules/ruleset.ts (rules)',
    'src/text/z.ts (ground) imports src/outputs/alert.ts (outputs)',
    'src/rules/w.ts (rules) imports src/cli/main.ts (cli)',
  ]);
});

test('CLI commands do not import each other: what two commands share lives in src/app/ or src/cli/', () => {
  const bad: string[] = [];
  for (const [path, text] of sources('src/cli/commands')) {
    for (const spec of importsOf(text)) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), spec));
      if (target.startsWith('src/cli/commands/')) bad.push(`${path} imports ${target}`);
    }
  }
  assert.deepEqual(bad, []);
});
