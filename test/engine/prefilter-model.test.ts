// The prefilter's analysis (src/engine/prefilter/) must never decide "no rule can match" for an event some rule
// matches. This checks it against the real thing: thousands of made-up open-family exit events (random flags,
// modes, results, names drawn from the rules' own paths and variants of them, threads named as the rules name
// processes) go through the real state and the real compiled conditions of Falco's three rules files, Peregrine's
// default rules and a file of checks chosen to exercise every model; for each event a rule matches, the user-space
// copy of the kernel's decision (decide.ts, the same tables the sensor gets) must say "send".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { Engine } from '../../src/engine/engine.ts';
import { compilePrefilter, type PrefilterProgram } from '../../src/engine/prefilter/compile.ts';
import { mayMatch, openFacts } from '../../src/engine/prefilter/decide.ts';
import { PREFILTER_CODES } from '../../src/engine/prefilter/model.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Ruleset } from '../../src/rules/ruleset.ts';
import type { Event } from '../../src/state/event.ts';
import { ROOT, SHARED } from '../helpers/cli.ts';
import { type SyntheticEvent, syntheticCapture } from '../helpers/synthetic-capture.ts';

const UPSTREAM = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(SHARED, 'upstream/falco-rules', f),
);
const DEFAULT = join(ROOT, 'rules/peregrine_rules.yaml');

/** Checks of every shape the models know, each on its own rule (and a few combined). */
const PROBES = `
- macro: opens
  condition: evt.type in (open, openat, openat2)
${[
  'opens and fd.name pmatch (/var/lib/probe, /opt/probe/x)',
  'opens and fd.name glob /srv/*/probe.conf',
  'opens and fd.name glob /srv/exact-probe',
  'opens and fd.directory in (/etc/probe.d, /srv)',
  'opens and fd.directory pmatch (/usr/share/probe)',
  'opens and fd.name endswith .probe',
  'opens and fd.name contains /probe-part/',
  'opens and fd.nameraw contains ../ and fd.name startswith /etc',
  'opens and fd.nameraw startswith /home/probe',
  'opens and fd.name != /etc/hostname and fd.name startswith /etc/host',
  'opens and evt.arg.flags contains O_TRUNC and fd.name startswith /var/log/probe',
  'opens and evt.arg.flags contains O_APPEND and fd.name startswith /var/log/append-probe',
  'opens and fd.typechar = d and fd.name startswith /var/probe-dir',
  'opens and fd.type = directory and fd.name = /srv',
  'opens and fd.type != file and fd.name = /srv/x',
  'opens and evt.res != SUCCESS and fd.name = /etc/probe-missing',
  'opens and evt.res startswith E and fd.name startswith /nonexistent-probe',
  'opens and fd.num = -1 and fd.name startswith /probe-eperm',
  'opens and fd.num > 99 and fd.name startswith /tmp',
  'opens and evt.rawres in (4, 5) and fd.name startswith /tmp/probe',
  'opens and evt.failed = true and proc.name = probe-fail',
  'opens and evt.is_open_exec = true and fd.name startswith /tmp/exec-probe',
  'opens and evt.is_open_create = true and fd.name startswith /tmp/created',
  'evt.type = creat and fd.name startswith /tmp/creat-probe',
  'evt.type = creat and evt.is_open_exec = true and proc.name = probe-x',
  'evt.type in (open, openat, openat2, creat) and proc.name startswith probe- and not proc.name in (probe-ok) and fd.name startswith /tmp',
  'opens and proc.name endswith -probe and fd.name startswith /etc',
  'opens and proc.name contains zork and evt.is_open_write = true',
  'opens and not proc.name in (cat, ls) and fd.name = /etc/passwd',
  'opens and proc.name = a-very-long-process-name-beyond-comm and fd.name startswith /tmp',
  'opens and (proc.name = sshd or fd.name startswith /root/probe) and evt.is_open_write = true',
  'opens and not (evt.is_open_read = true or fd.name startswith /usr) and proc.name = probe-x',
  'opens and evt.dir = < and fd.name in (/etc/shadow, /etc/gshadow)',
  'opens and tolower(fd.name) = /etc/upper-probe',
  'opens and fd.name intersects (/a, /b)',
  'opens and fd.name startswith oneof (/probe1, /probe2)',
  'opens and user.uid = 0 and fd.name startswith /probe-uid',
]
  .map(
    (c, i) =>
      `- rule: probe ${i}\n  desc: probe\n  condition: ${JSON.stringify(c)}\n  output: "probe %fd.name"\n  priority: WARNING\n  warn_evttypes: false\n`,
  )
  .join('')}`;

function load(inputs: (string | { name: string; content: string })[]): Ruleset<Event> {
  const res = loadRules<Event>(inputs, { registry: fieldRegistry<Event>(), eventTypes: eventTypeMap });
  assert.ok(res.successful && res.ruleset !== undefined, JSON.stringify(res.files.map((f) => f.errors)));
  return res.ruleset;
}

/** A small deterministic PRNG (mulberry32): the same events on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLAG_BITS = [1, 2, 3, 4, 8, 32, 256, 1024, 4096, 8192, 16384];

/** Names: every path the program knows, variants of it (longer, unclean, relative), and others. */
function names(p: PrefilterProgram): string[] {
  const out = new Set<string>(['/etc/hostname', '/usr/include/stdio.h', '/tmp/x', '/', '/srv', '/srv/x', 'rel/x']);
  for (const key of p.paths.keys()) {
    const k = key.endsWith('\0') ? key.slice(0, -1) : key;
    for (const v of [k, `${k}x`, `${k}/a`, `${k}.d/b`, `${k}/`, `${k}//b`, `${k}/./b`, `${k}/../b`, k.slice(1)])
      out.add(v);
  }
  for (const n of ['/etc/probe.d/x', '/opt/probe/x/y', '/srv/a/probe.conf', '/var/probe-dir', '/etc/probe-missing'])
    out.add(n);
  out.add(`/${'a'.repeat(300)}`);
  return [...out];
}

/** Thread names: every name the program knows, variants, and others. */
function comms(p: PrefilterProgram): string[] {
  const out = new Set<string>(['storm', 'cat', 'sshd', 'tar', 'probe-x', 'probe-ok', 'probe-fail', 'x-probe', 'zorky']);
  for (const n of p.comms.keys()) {
    out.add(n);
    out.add(`${n}x`);
  }
  return [...out];
}

interface Violation {
  readonly rule: string;
  readonly event: string;
}

/** Replays made-up events; every event a rule matches that the decision would drop is a violation. */
function check(ruleset: Ruleset<Event>, program: PrefilterProgram, count: number, seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const names_ = names(program);
  const threads = comms(program).map((comm, i) => ({ tid: 10000 + i, comm }));
  const events: SyntheticEvent[] = [];
  for (let i = 0; i < count; i++) {
    const code = pick(PREFILTER_CODES);
    const t = pick(threads);
    const ret = pick([3, 4, 5, 100, -1, -2, -13]);
    let flags = 0;
    for (const b of FLAG_BITS) if (r() < 0.2) flags |= b;
    const mode = pick([0, 0o644, 0o755, 0o100, 0o600]);
    const name = pick(names_);
    const ts = 1_700_000_000_000_000_000n + BigInt(i) * 1000n;
    const params =
      code === PREFILTER_CODES[0]
        ? [ret, name, flags, mode, 0, 0]
        : code === PREFILTER_CODES[3]
          ? [ret, name, mode, 0, 0, 0]
          : code === PREFILTER_CODES[1]
            ? [ret, -100, name, flags, mode, 0, 0]
            : [ret, -100, name, flags, mode, 0, 0, 0];
    events.push({ type: code, tid: t.tid, ts, params });
  }
  const violations: Violation[] = [];
  let matched = 0;
  let dropped = 0;
  const engine = new Engine({
    event(evt) {
      const facts = openFacts(evt, evt.thread?.comm ?? null);
      if (facts === undefined) return;
      const send = mayMatch(program, facts);
      if (!send) dropped++;
      for (const rule of ruleset.rulesFor(evt.type)) {
        if (!rule.condition(evt)) continue;
        matched++;
        if (!send) violations.push({ rule: rule.name, event: JSON.stringify({ ...facts, code: evt.type }) });
      }
    },
  });
  assert.equal(engine.blocks.push(syntheticCapture(threads, events)), undefined);
  assert.equal(engine.blocks.end(), undefined);
  return { violations, matched, dropped };
}

const sets: [string, () => Ruleset<Event>][] = [
  ["Falco's three rules files", () => load(UPSTREAM)],
  ["Peregrine's default rules", () => load([DEFAULT])],
  ['the probe checks', () => load([{ name: 'probes.yaml', content: PROBES }])],
  ['all of them', () => load([...UPSTREAM, DEFAULT, { name: 'probes.yaml', content: PROBES }])],
];

for (const [name, rules] of sets) {
  test(`no event a rule matches is dropped: ${name}`, () => {
    const ruleset = rules();
    const program = compilePrefilter([ruleset.enabled]);
    assert.equal(program.off, undefined);
    const { violations, matched, dropped } = check(ruleset, program, 6000, 7);
    assert.deepEqual(violations.slice(0, 5), []);
    // not vacuous: rules matched some events, and the decision dropped others
    assert.ok(matched > 20, `rules matched ${matched} events`);
    assert.ok(dropped > 100, `the decision dropped ${dropped} events`);
  });
}

test('the check catches a decision that drops what a rule matches', () => {
  // A deliberately wrong program (every clean path mapped to "no term"): the same check must report violations,
  // or it could never have failed above.
  const ruleset = load([{ name: 'probes.yaml', content: PROBES }]);
  const good = compilePrefilter([ruleset.enabled]);
  const broken: PrefilterProgram = {
    ...good,
    pathDefault: 0n,
    paths: new Map([...good.paths.keys()].map((k) => [k, 0n])),
  };
  const { violations } = check(ruleset, broken, 3000, 11);
  assert.ok(violations.length > 0, 'the broken program was caught');
});
