// `peregrine -e FILE` (Falco's `-o engine.kind=replay -o replay.capture_file=FILE`): evaluates the loaded rules
// over a capture file and prints each alert as Falco does (text, or the JSON envelope with json_output), then
// Falco's summary. A bad capture is one line on stderr naming the file and the byte offset, and exit 1.
import { hostname as osHostname } from 'node:os';
import { SingleBar } from 'cli-progress';
import { formatCaptureError } from '../../capture/errors.ts';
import { feedFile } from '../../capture/source.ts';
import type { Config } from '../../config/config.ts';
import { Detector } from '../../engine/detector.ts';
import { Engine } from '../../engine/engine.ts';
import { type Alert, alertToJson } from '../../outputs/alert.ts';
import type { Event } from '../../state/event.ts';
import type { CliOptions } from '../options.ts';
import { loadConfiguredRules } from './dry-run.ts';
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

/** Collects output text and writes it to stdout between chunks, waiting when stdout is slow. */
class StdoutBuffer {
  private parts: string[] = [];
  private size = 0;

  add(line: string): void {
    this.parts.push(line);
    this.size += line.length;
  }

  get pending(): number {
    return this.size;
  }

  /** Writes what is buffered; resolves once stdout can take more. */
  flush(): Promise<void> | undefined {
    if (this.parts.length === 0) return undefined;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (process.stdout.write(text)) return undefined;
    return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
  }
}

export async function runReplay(opts: CliOptions, config?: Config): Promise<number> {
  const cfg = config ?? loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const file = replayFile(opts, cfg);
  if (file === undefined || file === '') {
    process.stderr.write('peregrine: Error: replay needs a capture file: -e FILE or -o replay.capture_file=FILE\n');
    return 1;
  }
  const rules = loadConfiguredRules<Event>(opts, cfg);
  if (rules?.ruleset === undefined) return 1;

  const out = new StdoutBuffer();
  const json = cfg.json_output;
  const envelope = {
    includeOutput: cfg.json_include_output_property,
    includeTags: cfg.json_include_tags_property,
    includeMessage: cfg.json_include_message_property,
    includeOutputFields: cfg.json_include_output_fields_property,
  };
  const onAlert = json
    ? (a: Alert) => out.add(`${alertToJson(a, envelope)}\n`)
    : (a: Alert) => out.add(`${a.output}\n`);
  const hostname = alertHostname();
  const detector = new Detector(rules.ruleset, onAlert, { hostname, timeFormatIso8601: cfg.time_format_iso_8601 });
  const engine = new Engine(detector, { hostname });

  // -M: stop once the capture has covered this much event time (Falco's duration_to_tot).
  let stop = false;
  if (opts.durationSeconds !== undefined) {
    const limit = BigInt(Math.round(opts.durationSeconds * 1e9));
    const inner = detector.event.bind(detector);
    let start = -1n;
    engine.setSink({
      event(evt: Event) {
        if (stop) return;
        const ts = evt.ts;
        if (start < 0n) start = ts;
        else if (limit > 0n && ts - start >= limit) {
          stop = true;
          return;
        }
        inner(evt);
      },
    });
  }
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
  const res = await feedFile(file, engine.blocks, {
    shouldStop: () => stop,
    afterChunk: () => out.flush(),
    onProgress:
      bar === undefined ? undefined : (f) => bar.update(Math.round(f * 1000) / 1000, { events: engine.stats.events }),
  });
  bar?.stop();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  const flushed = out.flush();
  if (flushed !== undefined) await flushed;
  if (res.error !== undefined) {
    process.stderr.write(`peregrine: ${formatCaptureError(file, res.error)}\n`);
    return 1;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(detector.summary(engine.stats.events));
  if (opts.verbose) {
    const rate = elapsed > 0 ? Math.round(engine.stats.events / elapsed) : 0;
    process.stderr.write(
      `peregrine: ${engine.stats.events} events from ${file} in ${elapsed.toFixed(3)} s (${rate} events/s)\n`,
    );
  }
  return 0;
}
