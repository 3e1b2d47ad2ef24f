// `peregrine -e IN -w OUT [CONDITION]`: copies the events of a capture (those matching the condition, when one
// is given) into a new capture file that sysdig, Falco, Wireshark and Peregrine open. The metadata (processes,
// fds, users, interfaces) is written as the input had it, so the output replays to the same state.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DF_STATE_ONLY } from '../../capture/blocks.ts';
import { formatCaptureError } from '../../capture/errors.ts';
import { feedFile } from '../../capture/source.ts';
import { type CaptureMetadata, emptyMetadata, ScapWriter } from '../../capture/writer.ts';
import type { Config } from '../../config/config.ts';
import { Engine } from '../../engine/engine.ts';
import { compileFilter } from '../../engine/filter.ts';
import type { Event } from '../../state/event.ts';
import { affectsState } from '../../state/parser.ts';
import type { CliOptions } from '../options.ts';
import { replayFile } from './replay.ts';

export async function runCaptureWrite(opts: CliOptions, config: Config): Promise<number> {
  const out = opts.writeFile ?? '';
  const input = replayFile(opts, config);
  if (input === undefined || input === '') {
    process.stderr.write('peregrine: Error: -w needs events to write: give a capture with -e FILE\n');
    return 1;
  }
  let filter: ((evt: Event) => boolean) | undefined;
  if (opts.writeFilter !== undefined) {
    const f = compileFilter(opts.writeFilter);
    if (typeof f !== 'function') {
      process.stderr.write(`peregrine: Error: condition '${opts.writeFilter}': ${f.error}\n`);
      return 1;
    }
    filter = f;
  }

  const file = createWriteStream(out);
  const opened = new Promise<Error | undefined>((resolve) => {
    file.once('open', () => resolve(undefined));
    file.once('error', (err) => resolve(err));
  });
  const openError = await opened;
  if (openError !== undefined) {
    process.stderr.write(`peregrine: ${out}: cannot write: ${(openError as NodeJS.ErrnoException).code ?? openError.message}\n`);
    return 1;
  }
  let writeError: Error | undefined;
  file.on('error', (err) => {
    writeError ??= err;
  });
  const gzip = out.endsWith('.gz') ? createGzip() : undefined;
  gzip?.pipe(file);
  const stream: Writable = gzip ?? file;
  let blocked = false;
  const writer = new ScapWriter((chunk) => {
    if (!stream.write(chunk)) blocked = true;
  });

  const meta: CaptureMetadata = emptyMetadata();
  let headerWritten = false;
  let read = 0;
  let stateOnly = 0;
  const writeHeader = () => {
    if (!headerWritten) writer.writeHeader(meta);
    headerWritten = true;
  };
  const engine = new Engine(
    {
      section(_shb, first) {
        // A concatenated input starts over: its metadata comes next.
        if (!first) {
          writer.flushEvents();
          Object.assign(meta, emptyMetadata());
          headerWritten = false;
        }
      },
      metadataEnd: writeHeader,
      event(evt) {
        read++;
        if (filter === undefined || filter(evt)) writer.writeEvent(evt);
        // An event that does not match but changes state is kept as state-only, so the file replays to the
        // same processes and fds; readers (sysdig included) never show it.
        else if (affectsState(evt.type)) {
          writer.writeEvent(evt, DF_STATE_ONLY);
          stateOnly++;
        }
      },
    },
    {
      observer: {
        machineInfo: (mi) => {
          meta.machine = mi;
        },
        interfaces: (l) => {
          meta.interfaces = l;
        },
        users: (u) => {
          meta.users = { users: [...meta.users.users, ...u.users], groups: [...meta.users.groups, ...u.groups] };
        },
        procList: (p) => {
          meta.procs.push(...p);
        },
        fdList: (b) => {
          meta.fds.set(b.tid, [...(meta.fds.get(b.tid) ?? []), ...b.fds]);
        },
      },
    },
  );
  const res = await feedFile(input, engine.blocks, {
    afterChunk: () => {
      writer.flushEvents();
      if (!blocked) return undefined;
      blocked = false;
      return once(stream, 'drain').then(() => undefined);
    },
  });
  writeHeader();
  writer.flushEvents();
  stream.end();
  await once(file, 'close');
  if (res.error !== undefined) {
    process.stderr.write(`peregrine: ${formatCaptureError(input, res.error)}\n`);
    return 1;
  }
  if (writeError !== undefined) {
    process.stderr.write(`peregrine: ${out}: write error: ${(writeError as NodeJS.ErrnoException).code ?? writeError.message}\n`);
    return 1;
  }
  const kept = stateOnly === 0 ? '' : ` (and ${stateOnly} state-only events)`;
  process.stderr.write(`peregrine: wrote ${writer.events - stateOnly} of ${read} events to ${out}${kept}\n`);
  return 0;
}
