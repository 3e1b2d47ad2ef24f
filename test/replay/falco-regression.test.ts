// Every detection entry of Falco's regression suite (falco_tests.yaml) whose trace file is here, run through
// `peregrine -e` and checked as Falco's runner (falco_test.py) checked it: exit status, "Events detected",
// the counts by priority (detect_level) and by rule (detect_counts), stdout/stderr patterns, and the golden
// outputs (output_strictly_contains). Entries Peregrine cannot run yet are listed as skipped, with the reason.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPeregrine, SHARED } from '../helpers/cli.ts';
import { REGRESSION_DIR, type RunDescription, regressionEntries, toRunDescription } from '../rules/falco-regression.ts';

const SCAP_DIR = join(SHARED, 'upstream/scap/falco');

/** Why an entry cannot run yet; undefined when it runs. */
function skipReason(d: RunDescription): string | undefined {
  const e = d.entry;
  const trace = e.trace_file;
  if (trace === undefined) return 'no trace file';
  if (!trace.startsWith('trace_files/') || !existsSync(join(SCAP_DIR, trace.slice('trace_files/'.length)))) {
    return `trace file ${trace} is not among the fixtures (Falco's downloadable trace archives are not available)`;
  }
  if (e.grpc !== undefined) return 'gRPC output: Peregrine has no gRPC server (not part of this issue)';
  if (e.conf_file !== undefined && e.conf_file !== 'confs/stdout_output.yaml') {
    return `conf_file ${e.conf_file}: run with its output files and drop checks by test/outputs/falco-confs.test.ts`;
  }
  return undefined;
}

/**
 * The command line: the runner's arguments with the trace mapped onto the fixtures, the JSON envelope switches
 * the entry sets, and — for entries without rules files, which ran Falco's installed rules — the upstream
 * falco_rules.yaml.
 */
function commandLine(d: RunDescription): string[] {
  const args = d.args.map((a) => a.replace(`${SCAP_DIR}/trace_files/`, `${SCAP_DIR}/`));
  for (const key of ['json_include_output_property', 'json_include_tags_property']) {
    const v = d.entry[key];
    if (typeof v === 'boolean') args.push('-o', `${key}=${v}`);
  }
  if (d.entry.rules_file === undefined) args.push('-r', join(SHARED, 'upstream/falco-rules/falco_rules.yaml'));
  return args;
}

/** falco_test.py's parsing of Falco's summary: total, by priority, by rule. */
function summary(stdout: string): { total: number; byPriority: Map<string, number>; byRule: Map<string, number> } {
  const total = Number(/^Events detected: (\d+)$/m.exec(stdout)?.[1] ?? Number.NaN);
  const byPriority = new Map<string, number>();
  const byRule = new Map<string, number>();
  const sev = /Rule counts by severity:\n((?: {3}.*\n)*)/.exec(stdout)?.[1] ?? '';
  for (const m of sev.matchAll(/^ {3}(\w+): (\d+)$/gm)) byPriority.set(m[1], Number(m[2]));
  const rules = /Triggered rules by rule name:\n((?: {3}.*\n)*)/.exec(stdout)?.[1] ?? '';
  for (const m of rules.matchAll(/^ {3}(.*): (\d+)$/gm)) byRule.set(m[1], Number(m[2]));
  return { total, byPriority, byRule };
}

function list<T>(v: T | T[] | undefined): T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** output_strictly_contains: every golden line appears in the output, in order (JSON compared as objects, hostname aside). */
function checkGolden(stdout: string, goldenFile: string): void {
  const expected = readFileSync(join(REGRESSION_DIR, goldenFile), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const actual = stdout.split('\n');
  if (goldenFile.endsWith('.json')) {
    const norm = (l: string) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      delete o.hostname;
      return o;
    };
    const got = actual.filter((l) => l.startsWith('{')).map(norm);
    assert.deepEqual(got, expected.map(norm));
    return;
  }
  const got = actual.filter((l) => expected.includes(l));
  assert.deepEqual(got, expected);
}

const all = [...regressionEntries()].map(([name, e]) => toRunDescription(name, e));
const detections = all.filter((d) => d.kind === 'detect');

test('falco_tests.yaml has detection entries to run', () => {
  const runnable = detections.filter((d) => skipReason(d) === undefined);
  assert.ok(runnable.length >= 50, `only ${runnable.length} runnable detection entries`);
});

for (const d of detections) {
  const reason = skipReason(d);
  test(`falco_tests.yaml ${d.name}`, { skip: reason }, async () => {
    const args = commandLine(d);
    const r = await runPeregrine(args, { env: { PEREGRINE_HOSTNAME: 'test-falco-hostname', TZ: 'UTC' } });
    const ctx = `peregrine ${args.join(' ')}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr}`;
    assert.equal(r.code, d.exitStatus, ctx);
    for (const re of d.stdoutContains) assert.match(r.stdout, re, ctx);
    for (const re of d.stderrContains) assert.match(r.stderr, re, ctx);
    if (d.exitStatus !== 0) return;
    const s = summary(r.stdout);
    const e = d.entry;
    if (e.detect === true) {
      assert.ok(s.total > 0, `expected detections\n${ctx}`);
      for (const level of list(e.detect_level as string | string[] | undefined)) {
        assert.ok((s.byPriority.get(level.toUpperCase()) ?? 0) > 0, `no ${level} detection\n${ctx}`);
      }
    } else if (e.detect === false) {
      assert.equal(s.total, 0, `expected no detection\n${ctx}`);
    }
    for (const [rule, n] of Object.entries(d.detectCounts)) {
      assert.equal(s.byRule.get(rule) ?? 0, n, `detections of ${rule}\n${ctx}`);
    }
    for (const o of (e.output_strictly_contains as Record<string, string>[] | undefined) ?? []) {
      for (const [where, golden] of Object.entries(o)) {
        assert.equal(where, 'stdout', 'only stdout goldens run here');
        checkGolden(r.stdout, golden);
      }
    }
  });
}
