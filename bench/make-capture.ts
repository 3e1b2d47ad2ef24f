// Builds the benchmark capture: the events of a real capture (sysdig-inspect's 502Error.scap, two docker
// containers serving HTTP: 22,381 events) written back to back until there are at least a million, each
// repetition shifted in time so timestamps keep increasing. One section, metadata as the original had it, so
// sysdig reads it like any capture. Usage: node bench/make-capture.ts [OUT] [MIN_EVENTS]
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedFile } from '../src/capture/source.ts';
import { emptyMetadata, ScapWriter } from '../src/capture/writer.ts';
import { Engine } from '../src/engine/engine.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE = join(root, '../shared/upstream/scap/sysdig-inspect/502Error.scap');
export const DEFAULT_OUT = join(root, 'bench/results/replay-1m.scap');

export async function makeCapture(out = DEFAULT_OUT, minEvents = 1_000_000): Promise<number> {
  await mkdir(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  let blocked = false;
  const writer = new ScapWriter((chunk) => {
    if (!file.write(chunk)) blocked = true;
  });
  const meta = emptyMetadata();
  let shift = 0n;
  let first = 0n;
  let last = 0n;
  let pass = 0;
  while (writer.events < minEvents) {
    const engine = new Engine(
      {
        metadataEnd: () => {
          if (pass === 0) writer.writeHeader(meta);
        },
        event(evt) {
          const ts = evt.ts;
          if (ts === 0n) {
            // Meta events written with ts 0 (container-json) are kept once, as in the original.
            if (pass === 0) writer.writeEvent(evt);
            return;
          }
          if (first === 0n) first = ts;
          if (ts > last) last = ts;
          evt.dv.setBigUint64(evt.off, ts + shift, true);
          writer.writeEvent(evt);
        },
      },
      {
        observer: {
          machineInfo: (m) => {
            meta.machine = m;
          },
          interfaces: (l) => {
            meta.interfaces = l;
          },
          users: (u) => {
            meta.users = u;
          },
          procList: (p) => {
            meta.procs.push(...p);
          },
          fdList: (b) => {
            meta.fds.set(b.tid, b.fds);
          },
        },
      },
    );
    const r = await feedFile(SOURCE, engine.blocks, {
      afterChunk: () => {
        writer.flushEvents();
        if (!blocked) return undefined;
        blocked = false;
        return once(file, 'drain').then(() => undefined);
      },
    });
    if (r.error !== undefined) throw new Error(r.error.message);
    pass++;
    shift = BigInt(pass) * (last - first + 1_000_000n);
  }
  writer.flushEvents();
  file.end();
  await once(file, 'close');
  return writer.events;
}

if (import.meta.main) {
  const out = process.argv[2] ?? DEFAULT_OUT;
  const n = await makeCapture(out, Number(process.argv[3] ?? 1_000_000));
  process.stdout.write(`${out}: ${n} events\n`);
}
