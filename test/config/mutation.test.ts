// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} here is configuration text, not a template.
// Property: a configuration file changed at random — a value replaced by another type, a key dropped or
// added, a character inserted or deleted — gives either a valid configuration or clear error lines (one per
// problem), each naming the file (with line and column when the problem is in the file). Never a crash, never a vague message.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { isConfigError, loadConfig } from '../../src/config/config.ts';
import { ROOT, SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-config-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const confs = join(SHARED, 'upstream/falco-regression/confs');
const BASES: string[] = [
  readFileSync(join(ROOT, 'config/peregrine.yaml'), 'utf8'),
  ...readdirSync(confs)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(confs, f), 'utf8')),
];

type Tree = unknown;
const scalar = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -100000, max: 100000 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('yes', 'no', 'on', 'off', '', '0x10', '1.5', 'debug', 'replay', '${HOME}', '127.0.0.1', 'http://x'),
  fc.constant(null),
);
const value: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('enabled', 'path', 'rule', 'x', 'kind'), scalar, { maxKeys: 3 }),
  },
);

/** Every path to a value in the tree. */
function paths(t: Tree, here: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (here.length > 0) out.push(here);
  if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) paths(t[i], [...here, i], out);
  } else if (t !== null && typeof t === 'object') for (const [k, v] of Object.entries(t)) paths(v, [...here, k], out);
  return out;
}
function setAt(t: Tree, path: (string | number)[], v: Tree | undefined): void {
  let node = t as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (v === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = v;
}

const mutation = fc.record({
  base: fc.nat(BASES.length - 1),
  kind: fc.constantFrom('replace', 'delete', 'add', 'text-insert', 'text-delete'),
  pick: fc.nat(),
  value,
  key: fc.constantFrom('webserver', 'priority', 'new_key', 'outputs_queue', 'http_output', 'append_output', 'rules'),
  char: fc.constantFrom(':', ' ', '\n', '-', '[', '{', '"', "'", '#', '\t', 'x', '&', '*'),
});

let runs = 0;
test('mutated configuration files give a valid configuration or one clear line per problem', () => {
  fc.assert(
    fc.property(mutation, (m) => {
      const base = BASES[m.base];
      let text: string;
      if (m.kind === 'text-insert' || m.kind === 'text-delete') {
        const at = m.pick % Math.max(1, base.length);
        text =
          m.kind === 'text-insert'
            ? base.slice(0, at) + m.char + base.slice(at)
            : base.slice(0, at) + base.slice(at + 1);
      } else {
        const tree = (parse(base) ?? {}) as Record<string, unknown>;
        const all = paths(tree);
        if (m.kind === 'add' || all.length === 0) tree[m.key] = m.value;
        else setAt(tree, all[m.pick % all.length], m.kind === 'delete' ? undefined : m.value);
        text = stringify(tree);
      }
      const file = join(dir, `m${runs++}.yaml`);
      writeFileSync(file, text);
      const r = loadConfig({ configFile: file, overrides: [], env: { HOME: '/root' } });
      if (!isConfigError(r)) {
        // A valid result has the types every module relies on.
        assert.equal(typeof r.json_output, 'boolean');
        assert.ok(Array.isArray(r.rules_files) && r.rules_files.every((f) => typeof f === 'string'));
        assert.equal(typeof r.webserver.listen_port, 'number');
        assert.equal(typeof r.outputs_queue.capacity, 'number');
        return;
      }
      // one line per problem, each naming the file, line and column
      for (const e of r.error.split('\n')) {
        assert.ok(e.startsWith(`${file}:`), `names the file: ${e}`);
        assert.match(e, new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: \\S`), `line and column: ${e}`);
        assert.doesNotMatch(e, /undefined|\[object Object\]|NaN/, e);
        assert.ok(e.length < 400, `short: ${e}`);
      }
    }),
    { numRuns: 400, seed: 1234567 },
  );
});
