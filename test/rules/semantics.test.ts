// Behaviours checked against libsinsp and Falco sources during the rules engine review, each with the reason
// it is what Falco does (file and function named), so a regression shows which rule of theirs broke.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DESCRIBED_PLUGINS, eventTypeMap } from '../../src/app/rules-env.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import { compareUtf8 } from '../../src/rules/compile/checks.ts';
import { parseInteger } from '../../src/rules/compile/values.ts';
import { unescapeQuoted } from '../../src/rules/condition/parser.ts';
import { describeRules } from '../../src/rules/describe.ts';
import { loadRules, semverText } from '../../src/rules/loader.ts';
import { compileError, errors, load, matches, ruleYaml } from './helpers.ts';

describe('string order is strcmp on UTF-8 bytes (filter_compare.cpp flt_compare_string)', () => {
  // The grammar takes only numbers after < <= > >=, so strings meet these operators through val() or
  // transformers, or as digits.
  test('a character above U+FFFF sorts after U+E000-U+FFFF, as its UTF-8 bytes do', () => {
    // U+1F600 is F0 9F 98 80 in UTF-8, U+FF21 is EF BC A1: F0 > EF. In UTF-16, D83D < FF21.
    const v = { 'proc.name': '\u{1F600}', 'proc.pname': '\uFF21' };
    assert.equal(matches('proc.name > val(proc.pname)', v), true);
    assert.equal(matches('proc.name < val(proc.pname)', v), false);
    assert.equal(matches('proc.name >= val(proc.name)', v), true);
    assert.equal(matches('proc.name < val(proc.pname)', { 'proc.name': 'a\u{1F600}', 'proc.pname': 'b' }), true);
    assert.equal(matches('proc.name < 10', { 'proc.name': '1' }), true);
    assert.equal(matches('proc.name > 10', { 'proc.name': '9' }), true);
  });
  test('a quoted string after < is a parse error, as in libsinsp', () => {
    assert.ok(
      compileError('proc.name < "abc"').includes('expected a number value or a field with a valid transformer'),
    );
  });
  test('compareUtf8 agrees with comparing the UTF-8 bytes', () => {
    const samples = ['', 'a', 'ab', 'é', '\uFFFF', '\uE000', '\u{10000}', '\u{1F600}', 'z\u{1F600}', 'zz', '\u07FF'];
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    for (const a of samples) {
      for (const b of samples) {
        assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(bytes(a), bytes(b))), `${a} vs ${b}`);
      }
    }
  });
});

describe('integer literals are read as sinsp_numparser does (glibc sscanf %d/%u)', () => {
  test('decimal only: hexadecimal and trailing characters are refused with libsinsp wording', () => {
    assert.equal(compileError('proc.pid = 0x10'), 'LOAD_ERR_COMPILE_CONDITION: 0x10 is not a valid number');
    assert.equal(compileError('proc.pid = 10a'), 'LOAD_ERR_COMPILE_CONDITION: 10a is not a valid number');
    assert.equal(compileError('proc.pid > 1.5'), 'LOAD_ERR_COMPILE_CONDITION: 1.5 is not a valid number');
  });
  test('a sign is accepted; a negative unsigned value wraps as the C cast does', () => {
    assert.equal(matches('proc.pid = -1', { 'proc.pid': -1 }), true);
    assert.equal(matches('proc.pid = +7', { 'proc.pid': 7 }), true);
    assert.equal(parseInteger('-1', 'UINT32'), 0xffffffffn);
    assert.equal(parseInteger('-1', 'UINT16'), 0xffffn);
    assert.equal(parseInteger('70000', 'UINT16'), 4464n);
    assert.equal(parseInteger('  42', 'INT64'), 42n);
  });
  test('out-of-range values saturate at 64 bits before the cast (strtol/strtoul)', () => {
    assert.equal(parseInteger('99999999999999999999', 'INT64'), (1n << 63n) - 1n);
    assert.equal(parseInteger('-99999999999999999999', 'INT64'), -(1n << 63n));
    // int: LONG_MAX cast to 32 bits is -1.
    assert.equal(parseInteger('99999999999999999999', 'INT32'), -1n);
    assert.equal(parseInteger('99999999999999999999', 'UINT64'), (1n << 64n) - 1n);
    assert.equal(parseInteger('-99999999999999999999', 'UINT64'), (1n << 64n) - 1n);
    assert.equal(parseInteger('99999999999999999999', 'UINT32'), 0xffffffffn);
  });
  test('evt.num checks that can never hold use the same parser (ppm_codes.cpp)', () => {
    const res = load(ruleYaml('r', 'evt.num < -99999999999999999999'));
    // The literal saturates to 2^64-1: not provably empty, so the rule keeps every event type.
    assert.ok((res.compiled?.rules[0].eventCodes.length ?? 0) > 100);
  });
});

describe('quoted strings (filter/escaping.cpp unescape_str)', () => {
  test('\\x escapes are bytes: above 0x7f they are read as UTF-8', () => {
    assert.equal(unescapeQuoted('"caf\\xc3\\xa9"'), 'café');
    assert.equal(unescapeQuoted('"\\x41\\x42"'), 'AB');
    assert.equal(matches('proc.name = "\\xc3\\xa9t\\xc3\\xa9"', { 'proc.name': 'été' }), true);
  });
  test('escape errors keep their wording', () => {
    assert.ok(compileError('proc.name = "\\x4"').includes('truncated hex char escape sequence'));
    assert.ok(compileError('proc.name = "\\xzz"').includes('invalid hex char escape sequence: zz'));
    assert.ok(compileError('proc.name = "\\q"').includes('unsupported string escape sequence: \\q'));
    assert.ok(compileError("proc.name = '\\\"'").includes('invalid \\" escape in \'-quoted string'));
  });
});

describe('missing values', () => {
  test('len() of a missing value is missing: libsinsp applies no transformer to a failed extraction', () => {
    assert.equal(matches('len(proc.name) = 0', {}), false);
    assert.equal(matches('not len(proc.name) = 0', {}), true);
    assert.equal(matches('len(proc.name) = 0', { 'proc.name': '' }), true);
  });
  test('an un-indexed ancestor field with no ancestor does not exist (compare_full_aname)', () => {
    assert.equal(matches('proc.aname exists', { 'proc.aname': [] }), false);
    assert.equal(matches('proc.aname exists', { 'proc.aname': ['init'] }), true);
    assert.equal(matches('not proc.aname exists', { 'proc.aname': [] }), true);
  });
});

describe('IP networks (value_parser.cpp, tuples.cpp ipv6net)', () => {
  test('IPv6 network literals keep libsinsp wording; /0 is refused for IPv6 only', () => {
    assert.equal(compileError('fd.net = "::1"'), 'LOAD_ERR_COMPILE_CONDITION: invalid v6 netmask: ::1');
    assert.equal(
      compileError('fd.net = "fe80::zz/64"'),
      'LOAD_ERR_COMPILE_CONDITION: unrecognized IPv6 address fe80::zz/64',
    );
    assert.equal(compileError('fd.net = "::/0"'), 'LOAD_ERR_COMPILE_CONDITION: invalid v6 netmask 0');
    assert.equal(compileError('fd.net = "::/129"'), 'LOAD_ERR_COMPILE_CONDITION: invalid v6 netmask 129');
    assert.equal(compileError('fd.net = 10.0.0.0'), 'LOAD_ERR_COMPILE_CONDITION: unrecognized IP network 10.0.0.0');
    assert.equal(errors(load(ruleYaml('r', 'fd.net = "0.0.0.0/0"'))).length, 0);
  });
});

describe('evt.type values (sinsp_filter_check_event::validate_filter_value, names_to_event_set)', () => {
  const opts = { registry: syscallRegistry, eventTypes: eventTypeMap };
  const codesOf = (condition: string) => {
    const res = loadRules([{ name: 'r.yaml', content: ruleYaml('r', condition, '  warn_evttypes: false\n') }], opts);
    assert.deepEqual(
      res.files.flatMap((f) => f.errors.map((e) => e.message)),
      [],
    );
    return res.compiled?.rules[0].eventCodes ?? [];
  };
  test("the generic event's name 'syscall' is accepted and selects no event", () => {
    assert.deepEqual(codesOf('evt.type = syscall'), []);
  });
  test("PPM_SC_UNKNOWN's name 'unknown' selects the generic events", () => {
    assert.deepEqual(codesOf('evt.type = unknown'), [0, 1]);
  });
  test('a syscall without an event of its own selects the generic events', () => {
    assert.deepEqual(codesOf('evt.type = madvise'), [0, 1]);
  });
  test("the container plugin's async event names select the async event", () => {
    const asyncCode = eventTypeMap.codesByName('asyncevent')[0];
    assert.ok(codesOf('evt.type = container_removed').includes(asyncCode));
    assert.ok(codesOf('evt.type = container').includes(asyncCode));
  });
  test('other names are unknown event types', () => {
    const res = loadRules([{ name: 'r.yaml', content: ruleYaml('r', 'evt.type = nosuchthing') }], opts);
    assert.deepEqual(
      res.files.flatMap((f) => f.errors.map((e) => e.message)),
      ['unknown event type nosuchthing'],
    );
  });
});

describe('-L details (falco_engine.cpp get_json_details, filter_details_resolver.cpp)', () => {
  const opts = { registry: syscallRegistry, eventTypes: eventTypeMap };
  const describeOne = (content: string, name = 'r') => {
    const res = loadRules([{ name: 'r.yaml', content }], opts);
    assert.ok(res.successful, JSON.stringify(res.files.map((f) => f.errors.map((e) => e.message))));
    const d = describeRules(res, eventTypeMap, name, DESCRIBED_PLUGINS) as {
      rules: { details: Record<string, string[]> }[];
    };
    return d.rules[0].details;
  };
  test('events: the inferred events, the async event, and generic syscalls by their own names', () => {
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type = open')).events, ['asyncevent', 'open']);
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type in (open, madvise)')).events, [
      'asyncevent',
      'madvise',
      'open',
    ]);
  });
  test('plugins: the container plugin for its fields (condition or output) and its async events', () => {
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type = open and container.id != host')).plugins, ['container']);
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type = open and k8s.ns.name = x')).plugins, ['container']);
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type = container')).plugins, ['container']);
    assert.deepEqual(describeOne(ruleYaml('r', 'evt.type = open and proc.name = x')).plugins, []);
    const withOutput = `- rule: r\n  desc: d\n  condition: evt.type = open\n  output: "%container.name"\n  priority: INFO\n`;
    assert.deepEqual(describeOne(withOutput).plugins, ['container']);
  });
  test("lists: only lists written as a check's list value", () => {
    const content = `- list: l\n  items: [a]\n${ruleYaml('r', 'evt.type = open and proc.name = l and proc.pname in (l)')}`;
    assert.deepEqual(describeOne(content).lists, ['l']);
    const single = `- list: l\n  items: [a]\n${ruleYaml('r', 'evt.type = open and proc.name = l')}`;
    assert.deepEqual(describeOne(single).lists, []);
  });
});

describe('required_engine_version (rule_loader_reader.cpp, sinsp_version)', () => {
  const version = (v: string) => load(`- required_engine_version: ${v}\n`);
  test('an integer N means 0.N.0', () => {
    assert.equal(semverText(version('9').collector.requiredEngineVersion), '0.9.0');
    assert.deepEqual(errors(version('99')), [
      'LOAD_ERR_VALIDATE: Rules require engine version 99, but engine version is 0.57.0',
    ]);
  });
  test('a version is what sscanf("%u.%u.%u") reads: anything after the third number is ignored', () => {
    for (const v of ['0.26.0', '0.26.0-rc1', '0.26.0.7', '"0.26.0 and more"']) {
      assert.deepEqual(errors(version(v)), [], v);
      assert.equal(semverText(version(v).collector.requiredEngineVersion), '0.26.0', v);
    }
  });
  test('compatible: same major, not newer; the highest requirement is kept', () => {
    assert.deepEqual(errors(version('0.57.1')), [
      'LOAD_ERR_VALIDATE: Rules require engine version 0.57.1, but engine version is 0.57.0',
    ]);
    assert.deepEqual(errors(version('1.0.0')), [
      'LOAD_ERR_VALIDATE: Rules require engine version 1.0.0, but engine version is 0.57.0',
    ]);
    const res = load('- required_engine_version: 0.30.0\n- required_engine_version: 0.12.0\n');
    assert.equal(semverText(res.collector.requiredEngineVersion), '0.30.0');
  });
  test('neither a number nor a version is an error (falco_tests.yaml wording)', () => {
    assert.deepEqual(errors(version('abc')), ["LOAD_ERR_YAML_VALIDATE: Can't decode YAML scalar value"]);
    assert.deepEqual(errors(version('1.2')), ["LOAD_ERR_YAML_VALIDATE: Can't decode YAML scalar value"]);
  });
});

describe('enabled, overrides and appends in sequence (rule_loader_collector.cpp)', () => {
  const disabled = ruleYaml('r', 'evt.type = open and proc.name = a', '  enabled: false\n');
  const enabledNames = (res: ReturnType<typeof load>) => res.ruleset?.enabled.map((r) => r.name) ?? [];
  test('a later override replace of enabled turns a disabled rule on', () => {
    const res = load({
      'a.yaml': disabled,
      'b.yaml': '- rule: r\n  enabled: true\n  override:\n    enabled: replace\n',
    });
    assert.deepEqual(enabledNames(res), ['r']);
  });
  test('a full redefinition starts from enabled: true', () => {
    const res = load({ 'a.yaml': disabled, 'b.yaml': ruleYaml('r', 'evt.type = open') });
    assert.deepEqual(enabledNames(res), ['r']);
  });
  test('appending keeps the rule disabled', () => {
    const res = load({
      'a.yaml': disabled,
      'b.yaml': '- rule: r\n  condition: and proc.pname = b\n  override:\n    condition: append\n',
    });
    assert.deepEqual(enabledNames(res), []);
  });
  test('a replace of enabled without the key is an error, a key without its override too', () => {
    const a = load({ 'a.yaml': disabled, 'b.yaml': '- rule: r\n  override:\n    enabled: replace\n' });
    assert.ok(
      errors(a).some((e) => e.includes("An replace override for 'enabled' was specified but 'enabled' is not defined")),
    );
    const b = load({
      'a.yaml': disabled,
      'b.yaml': '- rule: r\n  enabled: true\n  desc: x\n  override:\n    desc: replace\n',
    });
    assert.ok(
      errors(b).some((e) =>
        e.includes("Unexpected key 'enabled': no corresponding entry under 'override' is defined."),
      ),
    );
  });
});

describe('compile warnings about values (filter.cpp check_value_and_add_warnings)', () => {
  const opts = { registry: syscallRegistry, eventTypes: eventTypeMap };
  const warnings = (condition: string) =>
    loadRules([{ name: 'r.yaml', content: ruleYaml('r', `evt.type = open and ${condition}`) }], opts).files.flatMap(
      (f) => f.warnings.filter((w) => w.code === 'LOAD_COMPILE_CONDITION').map((w) => w.message),
    );
  test('a value that is, as a whole, a field (argument included) warns', () => {
    assert.deepEqual(warnings('proc.name = proc.pname'), [
      "'proc.pname' may be a valid field misused as a const string value",
    ]);
    assert.deepEqual(warnings('proc.name = "proc.aname[2]"'), [
      "'proc.aname[2]' may be a valid field misused as a const string value",
    ]);
    assert.deepEqual(warnings('proc.name = "proc .pname"'), [
      "'proc .pname' may be a valid field misused as a const string value",
    ]);
  });
  test('a value that only starts like a field does not', () => {
    assert.deepEqual(warnings('proc.name = proc.pnamex'), []);
    assert.deepEqual(warnings('proc.name = "proc.name[x]"'), []);
    assert.deepEqual(warnings('fd.name = fd.name/x'), []);
  });
  test('transformers and simple regexes', () => {
    assert.deepEqual(warnings('proc.name = "tolower(proc.name)"'), [
      "'tolower(proc.name)' may be a valid field transformer misused as a const string value",
    ]);
    assert.deepEqual(warnings('proc.name regex "^abc.*"'), [
      "regex check with '^abc.*' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'",
    ]);
    assert.deepEqual(warnings('proc.name regex "a[bc]"'), []);
  });
});

describe('event-type inference on tricky conditions (libsinsp filter/ppm_codes.cpp)', () => {
  const opts = { registry: syscallRegistry, eventTypes: eventTypeMap };
  const codes = (condition: string) => {
    const res = loadRules([{ name: 'r.yaml', content: ruleYaml('r', condition, '  warn_evttypes: false\n') }], opts);
    assert.deepEqual(
      res.files.flatMap((f) => f.errors.map((e) => e.message)),
      [],
    );
    return res.compiled?.rules[0].eventCodes ?? [];
  };
  const open = [...eventTypeMap.codesByName('open')];
  const madvise = [...eventTypeMap.codesByName('madvise')];
  const all = eventTypeMap.maxCode;
  test('negation inverts only event-type checks, pushed down by De Morgan', () => {
    assert.equal(codes('not evt.type = open').length, all - open.length);
    assert.deepEqual(codes('not evt.type != open'), open);
    assert.equal(codes('not (evt.type = open and proc.name = x)').length, all);
    assert.deepEqual(codes('not (evt.type != open or proc.name = x)'), open);
  });
  test('a generic syscall selects the generic events, and its negation excludes every generic syscall', () => {
    assert.deepEqual(madvise, [0, 1]);
    assert.deepEqual(codes('evt.type = madvise'), [0, 1]);
    const notMadvise = codes('not evt.type = madvise');
    assert.equal(notMadvise.includes(0) || notMadvise.includes(1), false);
    assert.deepEqual(codes('(evt.type = open or evt.type = madvise) and not evt.type = madvise'), open);
  });
  test('checks that are not on evt.type are neutral; evt.num invariants are empty or full', () => {
    assert.equal(codes('evt.type = open or proc.name = x').length, all);
    assert.deepEqual(codes('evt.type = open and evt.num = 0'), []);
    assert.deepEqual(codes('evt.type = open and evt.num > 0'), open);
    assert.equal(codes('not evt.num = 0').length, all);
  });
  test('evt.type compared with a field or through a transformer is an error, as Falco refuses it', () => {
    const res = loadRules([{ name: 'r.yaml', content: ruleYaml('r', 'evt.type = val(proc.name)') }], opts);
    assert.deepEqual(
      res.files.flatMap((f) => f.errors.map((e) => e.message)),
      ['right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search'],
    );
  });
});
