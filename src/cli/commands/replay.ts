// `peregrine -e FILE` (Falco's `-o engine.kind=replay -o replay.capture_file=FILE`): evaluates the loaded rules
// over a capture file and prints each alert as Falco does (text, or the JSON envelope with json_output), then
// Falco's summary. A bad capture is one line on stderr naming the file and the byte offset, and exit 1.
import { createReadStream, statSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { SingleBar } from 'cli-progress';
import { formatCaptureError } from '../../capture/errors.ts';
import { EVENT_TABLE } from '../../capture/event-table.ts';
import { feedFile, feedStream } from '../../capture/source.ts';
import type { Config } from '../../config/config.ts';
import { Detector } from '../../engine/detector.ts';
import { Engine } from '../../engine/engine.ts';
import { recordingRegistry } from '../../engine/relevance.ts';
import { counters } from '../../server/counters.ts';
import { startOperations } from '../../server/operations.ts';
import type { Event } from '../../state/event.ts';
import type { CliOptions } from '../options.ts';
import { fieldRegistry } from '../rules-env.ts';
import { loadConfiguredRules } from './dry-run.ts';
import { detectorReloader, rulesDigests } from './reload-target.ts';
import { loadCliConfig } from './validate.ts';

/** The capture to replay: -e, or the configuration's engine.kind=replay with replay.capture_file. */
export function replayFile(opts: CliOptions, config: Config): string | undefined {
  if (opts.captureFile !== undefined) return opts.captureFile;
  const engine = config.engine as { kind?: unknown; replay?: { capture_file?: unknown } } | undefined;
  if (engine?.kind !== 'replay') return undefined;
  const f = engine.replay?.capture_file;
  return typeof f === 'string' && f !== '' ? f : '';
}

/** The hostname alerts carry: PEREGRINE_HOSTNAME, Falco's FALCO_HOSTNAME, else the machine's. */
export function alertHostname(): string {
  return process.env.PEREGRINE_HOSTNAME || process.env.FALCO_HOSTNAME || osHostname();
}

export async function runReplay(opts: CliOptions, config?: Config): Promise<number> {
  const cfg = config ?? loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const file = replayFile(opts, cfg);
  if (file === undefined || file === '') {
    process.stderr.write('peregrine: Error: replay needs a capture file: -e FILE or -o replay.capture_file=FILE\n');
    return 1;
  }
  if (opts.unbuffered) cfg.buffered_outputs = false;
  // The fields the rules and outputs use decide which state the replay must keep (src/engine/relevance.ts).
  const usedFields = new Set<string>();
  const rules = loadConfiguredRules<Event>(opts, cfg, recordingRegistry(fieldRegistry<Event>(), usedFields));
  if (rules?.ruleset === undefined) return 1;

  // Outputs, drop monitor, signals and the rest of what an operator configures (src/server/operations.ts).
  const started0 = await startOperations(cfg, { live: false, pidfile: opts.pidfile, unbuffered: opts.unbuffered });
  if ('error' in started0) {
    process.stderr.write(`peregrine: Error: ${started0.error}\n`);
    return 1;
  }
  const ops = started0;
  counters.rulesLoaded = rules.ruleset.enabled.length;
  counters.rulesFiles = rulesDigests(rules.contents);
  const hostname = alertHostname();
  const detector = new Detector(rules.ruleset, ops.emit, { hostname, timeFormatIso8601: cfg.time_format_iso_8601 });
  const engine = new Engine(detector, { hostname });
  // Simulated drops are counted per second of event time: the drop monitor must see every event's time, so
  // nothing is skipped then.
  const simulateDrops = (cfg.syscall_event_drops as { simulate_drops?: boolean } | undefined)?.simulate_drops === true;
  if (!simulateDrops) engine.setRelevant(rules.ruleset.eventCodes(), usedFields);
  counters.eventTypeName = (code) => EVENT_TABLE[code]?.name ?? String(code);
  ops.setReloader(detectorReloader(opts, ops, detector));

  // -M: stop once the capture has covered this much event time (Falco's duration_to_tot).
  let stop = false;
  let dropExit = false;
  const limit = opts.durationSeconds === undefined ? 0n : BigInt(Math.round(opts.durationSeconds * 1e9));
  let start = -1n;
  const drops = ops.drops;
  engine.setSink({
    event(evt: Event) {
      if (stop) return;
      const ts = evt.ts;
      if (limit > 0n) {
        if (start < 0n) start = ts;
        else if (ts - start >= limit) {
          stop = true;
          return;
        }
      }
      if (!drops.onEvent(ts)) {
        stop = true;
        dropExit = true;
        return;
      }
      counters.eventsProcessed++;
      counters.eventsByType[evt.type]++;
      detector.event(evt);
    },
  });
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: 'replay [{bar}] {percentage}% | {value}/{total} MiB | {events} events',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(1, 0, { events: 0 });
  const started = process.hrtime.bigint();
  const afterChunk = (): Promise<void> | undefined => {
    counters.eventsCaptured = engine.stats.events;
    // A capture is read no faster than the slowest output delivers: nothing is dropped for want of room.
    return ops.outputs.waitForRoom() ?? undefined;
  };
  const res = isStream(file)
    ? await feedStream(createReadStream(file), engine.blocks, { shouldStop: () => stop, afterChunk })
    : await feedFile(file, engine.blocks, {
        shouldStop: () => stop,
        afterChunk,
        onProgress:
          bar === undefined
            ? undefined
            : (f) => bar.update(Math.round(f * 1000) / 1000, { events: engine.stats.events }),
      });
  counters.eventsCaptured = engine.stats.events;
  bar?.stop();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // Every queued alert is delivered (or counted) before the summary, as Falco flushes its outputs first.
  await ops.close();
  // A capture that cannot be read is one error line, as before the run existed; the drop summary is a run's.
  if (res.error !== undefined) {
    process.stderr.write(`peregrine: ${formatCaptureError(file, res.error)}\n`);
    return 1;
  }
  process.stderr.write(drops.summary());
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(detector.summary(engine.stats.events));
  if (opts.verbose) {
    const rate = elapsed > 0 ? Math.round(engine.stats.events / elapsed) : 0;
    process.stderr.write(
      `peregrine: ${engine.stats.events} events from ${file} in ${elapsed.toFixed(3)} s (${rate} events/s; ` +
        `${engine.stats.delivered + engine.stats.stateOnly} decoded for the rules and the state)\n`,
    );
  }
  return dropExit ? 1 : 0;
}

/** A FIFO or character device given to -e (a pipe, /dev/stdin): read as a stream, not by position. */
function isStream(file: string): boolean {
  try {
    const st = statSync(file);
    return st.isFIFO() || st.isCharacterDevice() || st.isSocket();
  } catch {
    return false;
  }
}
