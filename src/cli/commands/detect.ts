// Detection (no -V/-L/--list/… action): replay a capture (-e, or engine.kind=replay) or watch this host with the
// eBPF sensor. The settings are resolved here from the configuration and the flags; the pipeline is built and
// run by src/app/detect.ts.
import { runDetection } from '../../app/detect.ts';
import { resolveSettings } from '../../app/settings.ts';
import { captureSource } from '../../app/sources/capture.ts';
import type { EventSource } from '../../app/sources/source.ts';
import type { Config } from '../../config/config.ts';
import type { CliOptions } from '../options.ts';

export async function runDetect(opts: CliOptions, config: Config): Promise<number> {
  const settings = resolveSettings(config, opts);
  if ('error' in settings) {
    process.stderr.write(`peregrine: Error: ${settings.error}\n`);
    return 1;
  }
  let source: EventSource;
  if (settings.source.kind === 'capture') {
    // A progress bar only where it does not draw through alerts printed on the same terminal.
    const progress = process.stderr.isTTY && !(process.stdout.isTTY && config.stdout_output.enabled);
    source = captureSource(settings.source.file, progress);
  } else {
    // The sensor's code is loaded only for live detection.
    source = (await import('../../app/sources/live.ts')).liveSource();
  }
  return runDetection(settings, source);
}
