// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} here is configuration text, not a template.
// The configuration loader: Falco's falco.yaml as is, includes with their three strategies, -o paths, ${ENV},
// yaml-cpp's scalar spellings, and errors that name file, line, column and key path.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Config, type ConfigError, isConfigError, loadConfig } from '../../src/config/config.ts';
import { parsePath } from '../../src/config/overrides.ts';
import { expandEnv } from '../../src/config/source.ts';
import { expandRulesPaths } from '../../src/rules/paths.ts';
import { runPeregrine, SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string, name = `c${n++}.yaml`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function ok(r: Config | ConfigError): Config {
  if (isConfigError(r)) assert.fail(r.error);
  return r;
}
function err(r: Config | ConfigError): string {
  assert.ok(isConfigError(r), 'expected an error');
  return r.error;
}
const load = (path: string, overrides: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  loadConfig({ configFile: path, overrides, env });

/** Falco's falco.yaml from the local mirror of Falco's repository, when this machine has it. */
// Falco 0.44.1's own falco.yaml, from the shared reference data. (This test once read it from a fetched mirror of
// Falco's repository that no CI machine has, so it was skipped everywhere without saying why.)
const FALCO_YAML = readFileSync(join(SHARED, 'upstream/falco-config/falco.yaml'), 'utf8');

test("Falco's own falco.yaml loads as is, without a warning", () => {
  const c = ok(load(file(FALCO_YAML)));
  assert.deepEqual(c.meta.warnings, []);
  assert.equal(c.engine.kind, 'modern_ebpf');
  assert.equal(c.priority, 'Debug');
  assert.equal(c.stdout_output.enabled, true);
  assert.equal(c.syslog_output.enabled, true);
  assert.equal(c.webserver.listen_address, '0.0.0.0');
  assert.equal(c.http_output.user_agent, 'falcosecurity/falco');
  assert.deepEqual(c.syscall_event_drops.actions, ['log', 'alert']);
  assert.deepEqual(c.append_output, [{ suggested_output: true }]);
});

test('defaults for keys a file leaves out are Falco code defaults (webserver on loopback)', () => {
  const c = ok(load(file('json_output: true\n')));
  assert.equal(c.json_output, true);
  assert.equal(c.json_include_output_property, true);
  assert.equal(c.json_include_message_property, false);
  assert.equal(c.rule_matching, 'first');
  assert.equal(c.outputs_queue.capacity, 0);
  assert.equal(c.output_timeout, 2000);
  assert.equal(c.webserver.listen_port, 8765);
  assert.equal(c.webserver.listen_address, '127.0.0.1');
  assert.equal(c.stdout_output.enabled, false);
  assert.deepEqual(c.syscall_event_drops.actions, []);
});

test('yaml-cpp scalars: yes/no/on/off booleans, quoted numbers, numbers as strings', () => {
  const c = ok(
    load(
      file(
        'json_output: yes\nbuffered_outputs: Off\nwebserver:\n  listen_port: "9000"\n  enabled: Y\nmetrics:\n  interval: 5000\n',
      ),
    ),
  );
  assert.equal(c.json_output, true);
  assert.equal(c.buffered_outputs, false);
  assert.equal(c.webserver.listen_port, 9000);
  assert.equal(c.webserver.enabled, true);
  assert.equal(c.metrics.interval, '5000');
});

test('a wrong type names file, line, column and key path', () => {
  const p = file('json_output: true\nwebserver:\n  enabled: true\n  listen_port: lots\n');
  assert.equal(err(load(p)), `${p}:4:3: webserver.listen_port: expected an integer, got 'lots'`);
  const q = file('stdout_output:\n  enabled: maybe\n');
  assert.equal(err(load(q)), `${q}:2:3: stdout_output.enabled: expected a boolean (true/false), got 'maybe'`);
  const r = file('rules_files: {a: 1}\n');
  assert.match(err(load(r)), new RegExp(`^${r}:1:1: rules_files: expected a list of strings, got a mapping`));
});

test("Falco's value checks, in Falco's words", () => {
  assert.match(err(load(file('priority: loud\n'))), /priority: Unknown priority "loud"--must be one of emergency/);
  assert.match(
    err(load(file('rule_matching: some\n'))),
    /Unknown rule matching strategy "some"--must be one of first, all/,
  );
  assert.match(err(load(file('engine:\n  kind: ebpf\n'))), /engine.kind 'ebpf' is not a valid kind/);
  assert.match(
    err(load(file('engine:\n  kind: replay\n'))),
    /engine.kind is 'replay' but no engine.replay.capture_file specified/,
  );
  assert.match(
    err(load(file('file_output:\n  enabled: true\n'))),
    /file output enabled but no filename in configuration block/,
  );
  assert.match(err(load(file('program_output:\n  enabled: true\n'))), /program output enabled but no program/);
  assert.match(
    err(load(file('http_output:\n  enabled: true\n  url: ftp://x\n'))),
    /'ftp:\/\/x' is not an http:\/\/ or https:\/\/ URL/,
  );
  assert.match(
    err(load(file('webserver:\n  listen_address: 300.1.1.1\n'))),
    /webserver listen address "300.1.1.1" is not a valid IP address/,
  );
  assert.match(err(load(file('log_level: chatty\n'))), /log_level: Unknown log level chatty/);
  assert.match(
    err(load(file('syscall_event_drops:\n  actions: [shout]\n'))),
    /available actions for syscall event drops are/,
  );
  assert.match(err(load(file('metrics:\n  interval: soon\n'))), /metrics.interval: 'soon' is not a duration/);
});

test('unknown keys are warnings with their position; the rest loads', () => {
  const p = file('json_output: true\nfancy_feature: 1\nwebserver:\n  colour: blue\n');
  const c = ok(load(p));
  assert.deepEqual(c.meta.warnings, [
    `${p}:4:3: webserver.colour: unknown configuration key, ignored`,
    `${p}:2:1: fancy_feature: unknown configuration key, ignored`,
  ]);
  assert.equal(c.json_output, true);
});

test('rules_file (singular) is folded into rules_files with a deprecation warning; both is an error', () => {
  const c = ok(load(file('rules_file: /a.yaml\n')));
  assert.deepEqual(c.rules_files, ['/a.yaml']);
  assert.match(c.meta.warnings[0], /deprecated config key 'rules_file'/);
  assert.match(err(load(file('rules_file: [a]\nrules_files: [b]\n'))), /both 'rules_files' and 'rules_file' keys set/);
});

test('-o: dot paths, [i], [] append, escapes, YAML lists and mappings; errors name the option', () => {
  const p = file('rules_files: [a.yaml]\nrules:\n  - disable: {rule: x}\n');
  const c = ok(
    load(p, [
      'json_output=true',
      'webserver.listen_port=9001',
      'rules_files[]=b.yaml',
      'rules[0].disable.rule=y',
      'static_fields.kubernetes\\.io/role=master',
      'append_output=[{extra_output: "on %evt.cpu"}]',
      'program_output={enabled: true, program: cat}',
    ]),
  );
  assert.equal(c.json_output, true);
  assert.equal(c.webserver.listen_port, 9001);
  assert.deepEqual(c.rules_files, ['a.yaml', 'b.yaml']);
  assert.deepEqual(c.rules, [{ disable: { rule: 'y' } }]);
  assert.deepEqual(c.static_fields, { 'kubernetes.io/role': 'master' });
  assert.deepEqual(c.append_output, [{ extra_output: 'on %evt.cpu' }]);
  assert.equal(c.program_output.program, 'cat');
  assert.equal(
    err(load(p, ['webserver.listen_port=abc'])),
    "-o webserver.listen_port=abc: webserver.listen_port: expected an integer, got 'abc'",
  );
  assert.match(
    err(load(p, ['noequals'])),
    /^-o noequals: Error parsing config option "noequals". Must be of the form key=val/,
  );
  assert.deepEqual(parsePath('a.b[2].c'), ['a', 'b', 2, 'c']);
  assert.match(parsePath('a..b') as string, /unexpected character at pos 2/);
  assert.match(parsePath('a[x]') as string, /expected a numeric index, found 'x'/);
});

test('${ENV} expansion as Falco: unset is empty, $${x} is literal', () => {
  assert.equal(expandEnv('${HOME}/x', { HOME: '/root' }), '/root/x');
  assert.equal(expandEnv('a${NOPE}b', {}), 'ab');
  assert.equal(expandEnv('$${HOME}', { HOME: '/root' }), '${HOME}');
  assert.equal(expandEnv('cost $5 ${', {}), 'cost $5 ${');
  const c = ok(
    load(file('webserver:\n  listen_port: ${PORT}\nfile_output:\n  filename: ${DIR}/events.txt\n'), [], {
      PORT: '7000',
      DIR: '/var/log',
    }),
  );
  assert.equal(c.webserver.listen_port, 7000);
  assert.equal(c.file_output.filename, '/var/log/events.txt');
});

test('config_files: append extends lists, override replaces, add-only keeps; directories in name order', () => {
  const d = join(dir, 'conf.d');
  mkdirSync(d);
  file('rules_files: [/d1.yaml]\njson_output: true\n', 'conf.d/10-a.yaml');
  file('rules_files: [/d2.yaml]\nlog_level: debug\n', 'conf.d/20-b.yaml');
  const base = 'rules_files: [/main.yaml]\njson_output: false\nlog_level: info\n';
  const append = ok(load(file(`${base}config_files: [${d}]\n`)));
  assert.deepEqual(append.rules_files, ['/main.yaml', '/d1.yaml', '/d2.yaml']);
  assert.equal(append.json_output, true);
  assert.equal(append.log_level, 'debug');
  assert.equal(append.meta.files.length, 3);
  const override = ok(load(file(`${base}config_files:\n  - path: ${d}\n    strategy: override\n`)));
  assert.deepEqual(override.rules_files, ['/d2.yaml']);
  const addOnly = ok(load(file(`${base}config_files:\n  - path: ${d}\n    strategy: add-only\n`)));
  assert.deepEqual(addOnly.rules_files, ['/main.yaml']);
  assert.equal(addOnly.json_output, false);
  // A missing include is skipped, as Falco does.
  ok(load(file(`${base}config_files: [/no/such/dir]\n`)));
});

test('config_files errors: nested includes, including the main file; positions point into the include', () => {
  const inc = file('config_files: [/x]\n', 'nested.yaml');
  assert.match(err(load(file(`config_files: [${inc}]\n`))), /'config_files' directive in included config file/);
  const self = join(dir, 'self.yaml');
  writeFileSync(self, `config_files: [${self}]\n`);
  assert.match(err(load(self)), /tried to recursively include main config file/);
  const bad = file('webserver:\n  listen_port: [1]\n', 'bad-include.yaml');
  assert.equal(
    err(load(file(`config_files: [${bad}]\n`))),
    `${bad}:2:3: webserver.listen_port: expected an integer, got a list`,
  );
});

test('invalid YAML is one line with file, line and column', () => {
  const p = file('json_output: true\nwebserver: [\n');
  assert.match(err(load(p)), new RegExp(`^${p}:\\d+:\\d+: invalid YAML: `));
  const q = file('- just\n- a list\n');
  assert.equal(err(load(q)), `${q}:1:1: the configuration must be a YAML mapping of keys to values`);
});

test('expandRulesPaths: directories give their *.yaml/*.yml in order; a path is a file only when named *.yaml/*.yml, as in Falco', () => {
  const d = join(dir, 'rules.d');
  mkdirSync(d);
  for (const f of ['b.yaml', 'a.yml', 'c.txt']) writeFileSync(join(d, f), '');
  // a missing *.yaml stays (it fails to load, as Falco's "Could not open file"); a missing directory and a
  // non-YAML file give nothing
  const r = expandRulesPaths([d, '/no/such.yaml', '/no/such.d', join(d, 'c.txt')]);
  assert.deepEqual(r.files, [join(d, 'a.yml'), join(d, 'b.yaml'), '/no/such.yaml']);
  assert.deepEqual(r.folders, [d]);
  assert.deepEqual(r.empty, ['/no/such.d', join(d, 'c.txt')]);
});

test('CLI: a bad configuration is one line on stderr and exit 1; unknown keys are logged and the run goes on', async () => {
  const p = file('stdout_output:\n  enabled: true\nwebserver:\n  listen_port: lots\n');
  const r = await runPeregrine(['-c', p, '--dry-run', '-r', '/dev/null']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `peregrine: ${p}:4:3: webserver.listen_port: expected an integer, got 'lots'`);
  const q = file('stdout_output:\n  enabled: true\nsurprise: 1\n');
  const s = await runPeregrine([
    '-c',
    q,
    '-r',
    join(SHARED, 'upstream/falco-regression/rules/single_rule.yaml'),
    '-e',
    join(SHARED, 'upstream/scap/falco/cat_write.scap'),
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, new RegExp(`: ${q}:3:1: surprise: unknown configuration key, ignored`));
  assert.match(s.stdout, /Warning An open was seen/);
});

test('--config-schema prints a JSON schema with every falco.yaml section', async () => {
  const r = await runPeregrine(['--config-schema']);
  assert.equal(r.code, 0);
  const schema = JSON.parse(r.stdout);
  for (const k of [
    'rules_files',
    'webserver',
    'http_output',
    'append_output',
    'syscall_event_drops',
    'metrics',
    'config_files',
  ]) {
    assert.ok(k in schema.properties, k);
  }
  assert.equal(schema.properties.webserver.properties.listen_port.type, 'integer');
});

test('--support prints versions, the effective configuration and each rules file with its SHA-256', async () => {
  const rules = file(
    '- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n',
    'support-rules.yaml',
  );
  const r = await runPeregrine(['--support', '-r', rules, '-o', 'json_output=true']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.match(s.version, /^\d+\.\d+\.\d+$/);
  assert.equal(s.config.json_output, true);
  assert.equal(s.rules_files[0].name, rules);
  assert.equal(s.rules_files[0].sha256, execFileSync('sha256sum', [rules], { encoding: 'utf8' }).split(' ')[0]);
  assert.match(s.cmdline, /--support/);
});

test('an empty value (children commented out) means the default, as in Falco', () => {
  const c = ok(load(file('outputs_queue:\n  # capacity: 0\njson_output:\nrules:\nwebserver:\n  listen_port:\n')));
  assert.equal(c.outputs_queue.capacity, 0);
  assert.equal(c.json_output, false);
  assert.deepEqual(c.rules, []);
  assert.equal(c.webserver.listen_port, 8765);
});
