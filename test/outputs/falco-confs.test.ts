// The entries of Falco's regression suite that run with a configuration file from
// ../shared/upstream/falco-regression/confs: file, program and stdout output, and the syscall_event_drops
// settings (replayed: Falco's drop manager also runs on capture files, and `simulate_drops` makes the drops).
// Each runs through bin/peregrine as Falco's runner ran Falco, and is checked the same way.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';
import {
  REGRESSION_DIR,
  type RegressionEntry,
  regressionEntries,
  toRunDescription,
} from '../rules/falco-regression.ts';

const list = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** falco_test.py's output_strictly_contains: every expected line is a line of the actual output. */
function strictlyContains(actual: string, expected: string, json: boolean): string[] {
  const lines = actual.split('\n').filter((l) => l !== '');
  const missing: string[] = [];
  for (const want of expected.split('\n').filter((l) => l !== '')) {
    if (json) {
      const w = JSON.parse(want);
      if (!lines.some((l) => l.startsWith('{') && isDeepEqual(JSON.parse(l), w))) missing.push(want);
    } else if (!lines.includes(want)) missing.push(want);
  }
  return missing;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

const entries = [...regressionEntries()].filter(([, e]) => e.conf_file !== undefined);

test('falco_tests.yaml has entries with a configuration file', () => {
  assert.ok(entries.length >= 12, `only ${entries.length} entries use confs/`);
});

for (const [name, e] of entries) {
  const skip = (e.conf_file as string).includes('grpc')
    ? 'gRPC output was removed from Falco (0.38); Peregrine has no gRPC server. The configuration itself loads (grpc keys are warned about).'
    : false;
  test(`falco_tests.yaml ${name} (${e.conf_file})`, { skip }, async () => {
    const d = toRunDescription(name, e as RegressionEntry);
    const strict = (e.output_strictly_contains ?? []) as Record<string, string>[];
    for (const o of strict) {
      for (const key of Object.keys(o)) {
        if (key !== 'stdout') {
          mkdirSync(join(key, '..'), { recursive: true });
          rmSync(key, { force: true });
        }
      }
    }
    const r = await runPeregrine(d.args, { env: { FALCO_HOSTNAME: 'test-falco-hostname' } });
    assert.equal(r.code, d.exitStatus, `exit status of peregrine ${d.args.join(' ')}\n${r.stderr}`);
    for (const re of d.stdoutContains) assert.match(r.stdout, re);
    for (const re of d.stderrContains) assert.match(r.stderr, re);
    for (const s of list(e.stdout_not_contains)) assert.doesNotMatch(r.stdout, new RegExp(s, 's'));
    for (const s of list(e.stderr_not_contains)) assert.doesNotMatch(r.stderr, new RegExp(s, 's'));
    if (e.detect === true) assert.match(r.stdout, new RegExp(`${String(e.detect_level ?? '')}`, 'i'));
    for (const o of strict) {
      for (const [key, expectedFile] of Object.entries(o)) {
        const actual = key === 'stdout' ? r.stdout : readFileSync(key, 'utf8');
        const expected = readFileSync(join(REGRESSION_DIR, expectedFile), 'utf8');
        assert.deepEqual(strictlyContains(actual, expected, expectedFile.endsWith('.json')), [], `${key} lacks lines`);
      }
    }
  });
}
