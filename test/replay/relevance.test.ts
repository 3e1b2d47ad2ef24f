// Replay decodes only the events rules or state need (src/engine/relevance.ts). This checks that skipping the
// others changes nothing rules can see: for every fixture and every event code in it, the events of that code
// carry the same value in every field when the replay decodes only what a rule on that code needs as when it
// decodes every event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { code } from '../../src/capture/codes.ts';
import { feedFile } from '../../src/capture/source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { EVENT_ORDER_FIELDS, FD_TABLE_FIELDS, MEMORY_FIELDS, relevantCodes } from '../../src/engine/relevance.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import type { Extractor } from '../../src/fields/types.ts';
import type { Event } from '../../src/state/event.ts';
import { fieldText } from '../helpers/field-text.ts';
import { SCAP, scapFixtures } from '../helpers/fixtures.ts';
import { type ParamValue, type SyntheticEvent, syntheticCapture } from '../helpers/synthetic-capture.ts';

const fixtures = scapFixtures();

/** Every field that takes no argument, except those that read the previous event (they turn skipping off). */
const FIELDS: [string, Extractor<Event>][] = [];
for (const { name, bind } of syscallRegistry.classes.flatMap((c) => c.fields)) {
  if (bind === undefined || EVENT_ORDER_FIELDS.has(name)) continue;
  const ex = bind(undefined);
  if (typeof ex === 'function') FIELDS.push([name, ex]);
}
/** The fields a rule reads when it uses neither memory counters nor other fds of the process. */
const CORE_FIELDS = FIELDS.filter(([n]) => !MEMORY_FIELDS.has(n) && !FD_TABLE_FIELDS.has(n));

function line(evt: Event, fields: [string, Extractor<Event>][]): string {
  return fields.map(([n, ex]) => `${n}=${fieldText(ex(evt))}`).join('\u0001');
}

function diff(got: string | undefined, expected: string | undefined): string {
  if (got === undefined || expected === undefined) return `got ${got}, expected ${expected}`;
  const split = (l: string) => l.split('\u0001');
  const g = split(got);
  const e = new Set(split(expected));
  return (
    g.filter((kv) => !e.has(kv)).join(' | ') +
    ' | expected ' +
    split(expected)
      .filter((kv) => !g.includes(kv))
      .join(' | ')
  );
}

/** Replays a file (or a capture in memory) and returns, per event number, the fields of the events of the given codes the sink got. */
async function replay(
  file: string | Uint8Array,
  codes: ReadonlySet<number> | null,
  fields: [string, Extractor<Event>][],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const engine = new Engine({
    event(evt) {
      if (codes === null || codes.has(evt.type)) out.set(evt.num, line(evt, fields));
    },
  });
  if (codes !== null) engine.setRelevant(codes, new Set(fields.map(([n]) => n)));
  await feed(file, engine);
  return out;
}

async function feed(file: string | Uint8Array, engine: Engine): Promise<void> {
  if (typeof file === 'string') {
    const r = await feedFile(file, engine.blocks);
    assert.equal(r.error, undefined);
  } else {
    assert.equal(engine.blocks.push(file), undefined);
    assert.equal(engine.blocks.end(), undefined);
  }
}

test('fields are kept only where the relevance rules say they matter', () => {
  const all = relevantCodes([], new Set(['proc.name']));
  assert.ok(all !== null);
  const withDelta = relevantCodes([], new Set(['evt.deltatime']));
  assert.equal(withDelta, null, 'evt.deltatime needs every event');
});

/**
 * For every event code in the capture, a replay that decodes only what a rule on that code needs (reading the
 * fields without the memory and fd-table ones, then every field) gives that code's events the full replay's values.
 */
async function checkEveryCode(file: string | Uint8Array): Promise<void> {
  const full = await replay(file, null, FIELDS);
  const codes = new Set<number>();
  const typeOf = new Map<number, number>();
  {
    const engine = new Engine({
      event(evt) {
        codes.add(evt.type);
        typeOf.set(evt.num, evt.type);
      },
    });
    await feed(file, engine);
  }
  const fullCore = new Map<number, string>();
  for (const [num, l] of full) {
    fullCore.set(
      num,
      l
        .split('\u0001')
        .filter((kv) => {
          const n = kv.slice(0, kv.indexOf('='));
          return !MEMORY_FIELDS.has(n) && !FD_TABLE_FIELDS.has(n);
        })
        .join('\u0001'),
    );
  }
  for (const c of codes) {
    for (const [fields, expected] of [
      [CORE_FIELDS, fullCore],
      [FIELDS, full],
    ] as const) {
      const got = await replay(file, new Set([c]), fields);
      let n = 0;
      for (const [num, type] of typeOf) {
        if (type !== c) continue;
        n++;
        const g = got.get(num);
        const e = expected.get(num);
        if (g !== e) assert.fail(`event ${num} (code ${c}): ${diff(g, e)}`);
      }
      assert.equal(got.size, n);
    }
  }
}

for (const file of fixtures) {
  test(`decoding only the needed events leaves every field unchanged: ${file.slice(SCAP.length + 1)}`, async () => {
    await checkEveryCode(file);
  });
}

const PPM_AF_INET = 2;
const PPM_O_RDONLY = 1;
const PPM_O_DIRECTORY = 1 << 10;
const ENOTDIR = 20;
const SOCK_STREAM = 1;
const ip = (a: number, b: number, c: number, d: number) => [a, b, c, d];
const le16 = (n: number) => [n & 0xff, n >> 8];
/** A connected IPv4 socket's tuple as the sensor writes it: family, source address and port, destination's. */
const tuple4 = (sport: number, dport: number) =>
  Uint8Array.from([PPM_AF_INET, ...ip(10, 0, 0, 2), ...le16(sport), ...ip(10, 0, 0, 1), ...le16(dport)]);
const addr4 = (port: number) => Uint8Array.from([PPM_AF_INET, ...ip(10, 0, 0, 1), ...le16(port)]);

/**
 * A thread that mixes what the fd group makes (sockets, a pipe, an eventfd) with the opens that rules look at:
 * its working directory comes from fchdir to a dup of a directory fd, a socket is dup'ed (onto stdout too),
 * fchdir to the socket's dup and a relative openat against the socket fail, sockets are closed (one whose
 * creation a rule on open never decodes), and an accept without an address falls back to a socket's entry left
 * at its number. Exits only, each carrying its own parameters, as the sensor writes them.
 */
function fdGroupCapture(): Uint8Array {
  const tid = 4242;
  const events: SyntheticEvent[] = [];
  const ev = (id: string, ...params: ParamValue[]) =>
    events.push({ type: code(id), tid, ts: 1_700_000_000_000_000_000n + BigInt(events.length) * 1000n, params });
  const open = (fd: number, name: string, flags = PPM_O_RDONLY) => ev('SYSCALL_OPEN_X', fd, name, flags, 0, 0, 0);
  const openat = (fd: number, dirfd: number, name: string) =>
    ev('SYSCALL_OPENAT_2_X', fd, dirfd, name, PPM_O_RDONLY, 0, 0, 0);
  const socket = (fd: number) => ev('SOCKET_SOCKET_X', fd, PPM_AF_INET, SOCK_STREAM, 0, 0);
  const close = (fd: number) => ev('SYSCALL_CLOSE_X', 0, fd);

  open(3, '/etc', PPM_O_RDONLY | PPM_O_DIRECTORY);
  socket(4);
  ev('SOCKET_CONNECT_X', 0, tuple4(40000, 80), 4, addr4(80));
  open(5, 'before-fchdir');
  ev('SYSCALL_DUP2_X', 7, 3, 7); // a dup of the directory: what fchdir reads next
  close(3);
  ev('SYSCALL_FCHDIR_X', 0, 7); // cwd /etc
  open(3, 'passwd'); // /etc/passwd, through the dup and the fchdir
  ev('SYSCALL_DUP2_X', 1, 4, 1); // stdout is the socket now
  ev('SYSCALL_DUP_1_X', 8, 4); // and fd 8
  ev('SYSCALL_FCHDIR_X', -ENOTDIR, 8); // a socket is no directory: the cwd stays
  openat(-ENOTDIR, 4, 'x'); // fd.name: the socket's name, with the relative path against it
  openat(6, 7, 'hosts');
  open(9, 'group');
  close(4); // the socket goes
  close(8);
  open(4, 'shadow'); // the number again, for a file
  ev('SYSCALL_PIPE2_X', 0, 10, 11, 777, 0);
  ev('SYSCALL_DUP2_X', 0, 10, 0); // stdin is the pipe
  ev('SYSCALL_EVENTFD2_X', 12, 0, 0);
  socket(13);
  ev('SOCKET_CONNECT_X', 0, tuple4(40001, 443), 13, addr4(443));
  // Accepted on 13 without an address: the fd fields read the table's entry at 13 (libsinsp's last event fd),
  // the socket the kernel closed without an event this capture holds (as an exec closes a close-on-exec fd).
  ev('SOCKET_ACCEPT4_6_X', 13, new Uint8Array(0), 0, 0, 0, 0);
  open(14, 'services');
  close(13);
  open(13, '../tmp/out');
  return syntheticCapture([{ tid, comm: 'probe', cwd: '/' }], events);
}

test('decoding only the needed events leaves every field unchanged: fds of the fd group among opens', async () => {
  // The capture is what it claims to be: the values the full replay gives its key events.
  const picked = ['evt.type', 'fd.name', 'proc.cwd', 'proc.stdout.name'];
  const full = await replay(
    fdGroupCapture(),
    null,
    FIELDS.filter(([n]) => picked.includes(n)),
  );
  const socket = '10.0.0.2:40000->10.0.0.1:80';
  const values = (num: number) => full.get(num)?.split('\u0001').slice(0, 4).join(' ');
  assert.equal(values(8), `evt.type=open proc.cwd=/etc/ proc.stdout.name=<NA> fd.name=/etc/passwd`);
  assert.equal(values(12), `evt.type=openat proc.cwd=/etc/ proc.stdout.name=${socket} fd.name=${socket}`);
  assert.equal(values(13), `evt.type=openat proc.cwd=/etc/ proc.stdout.name=${socket} fd.name=/etc/hosts`);
  assert.equal(
    values(23),
    `evt.type=accept4 proc.cwd=/etc/ proc.stdout.name=${socket} fd.name=10.0.0.2:40001->10.0.0.1:443`,
  );
  await checkEveryCode(fdGroupCapture());
});
