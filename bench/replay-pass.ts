// The replay pass alone, in memory, steady state against first pass: CAP50 (sysdig-inspect's 502Error.scap 50
// times, as bench/startup.ts builds it) pushed through the Engine of a checkout, with the relevance of a rule on
// the given event types and the one-rule fields (fd.name, proc.name, evt.type), a sink that only counts. Prints
// the first pass (JIT warm-up included: what a one-shot replay pays) and the fastest of the later ones (the
// events decoded and parsed, nothing else). Comparing checkouts: run it for each, interleaved, several times.
//
//   node_modules/node/bin/node bench/replay-pass.ts [ROOT] [TYPES]
//
// ROOT: a checkout whose src/ is measured (default: this one; for a baseline, `git archive main | tar -x -C DIR`
// and link node_modules into it). TYPES: comma-separated event types (default `open,openat`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const TYPES = (process.argv[3] ?? 'open,openat').split(',');
const SOURCE = join(
  fileURLToPath(new URL('..', import.meta.url)),
  '../shared/upstream/scap/sysdig-inspect/502Error.scap',
);
const PASSES = 9;
const CHUNK = 1 << 20;

const { Engine } = await import(join(ROOT, 'src/engine/engine.ts'));
const { EVENT_TABLE, PPM_EVENT_MAX } = await import(join(ROOT, 'src/capture/event-table.ts'));

const one = readFileSync(SOURCE);
const cap = Buffer.concat(Array.from({ length: 50 }, () => one));
const codes: number[] = [];
for (let c = 0; c < PPM_EVENT_MAX; c++) if (TYPES.includes(EVENT_TABLE[c]?.name ?? '')) codes.push(c);

let first = 0;
let best = Number.POSITIVE_INFINITY;
let delivered = 0;
for (let i = 0; i < PASSES; i++) {
  let n = 0;
  const engine = new Engine({
    event() {
      n++;
    },
  });
  engine.setRelevant(codes, new Set(['fd.name', 'proc.name', 'evt.type']));
  const t0 = process.hrtime.bigint();
  for (let o = 0; o < cap.length; o += CHUNK) engine.blocks.push(cap.subarray(o, Math.min(cap.length, o + CHUNK)));
  engine.blocks.end();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (i === 0) first = ms;
  else best = Math.min(best, ms);
  delivered = n;
}
console.log(
  `${TYPES.join(',')}: first pass ${first.toFixed(1)} ms, fastest later ${best.toFixed(1)} ms, ${delivered} events decoded`,
);
