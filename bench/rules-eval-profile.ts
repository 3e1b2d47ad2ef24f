// Profiling helper: runs only the evaluation loop of bench/rules.ts for --cpu-prof.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/rules/loader.ts';
import { evt, type TestEvent, testEventTypes, testRegistry } from '../test/rules/fixtures/registry.ts';

const U = join(fileURLToPath(new URL('..', import.meta.url)), '../shared/upstream/falco-rules');
const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(U, f));
const rs = loadRules<TestEvent>(FILES, { registry: testRegistry, eventTypes: testEventTypes, ruleMatching: 'all' })
  .ruleset!;
const TYPES = ['open', 'openat', 'execve', 'connect', 'clone', 'setuid'];
const evs = Array.from({ length: 5000 }, (_, i) =>
  evt(TYPES[i % TYPES.length], {
    'proc.name': ['bash', 'cat', 'node'][i % 3],
    'fd.name': '/etc/shadow',
    'proc.pname': 'sshd',
    'proc.aname': ['a', 'b'],
    'fd.typechar': 'f',
    'evt.is_open_read': true,
    'user.uid': 0,
    'container.id': 'host',
  }),
);
const out: never[] = [];
const t = performance.now();
for (let r = 0; r < 200; r++)
  for (const e of evs) {
    e.num += 1e6;
    out.length = 0;
    rs.matchAll(e, out);
  }
console.log(((performance.now() - t) * 1e6) / (200 * evs.length), 'ns/event');
