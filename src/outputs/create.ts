// Builds the outputs from the configuration: the enabled channels in Falco's order (file, stdout, syslog,
// program, http, then Peregrine's alert store), the JSON envelope switches, the per-channel queue bound.
import type { Config } from '../config/config.ts';
import { alertStoreChannel } from '../store/channel.ts';
import type { AlertStoreSettings } from '../store/settings.ts';
import type { Channel } from './channel.ts';
import { fileChannel } from './channels/file.ts';
import { httpChannel } from './channels/http.ts';
import { natsChannel } from './channels/nats.ts';
import { programChannel } from './channels/program.ts';
import { stdoutChannel } from './channels/stdout.ts';
import { syslogChannel } from './channels/syslog.ts';
import { natsOutputOptions } from './nats-settings.ts';
import { Outputs, type OutputsSettings, resolveHostname } from './outputs.ts';

/**
 * Queue bound per channel when `outputs_queue.capacity` is 0. Falco reads 0 as "unbounded"; Peregrine never
 * lets a queue grow without bound, so 0 means this default instead.
 */
export const DEFAULT_QUEUE_CAPACITY = 65536;

export interface CreateOutputsOptions {
  /** Per-request deadline of network outputs (output_timeout, resolved). Default 2000 ms. */
  timeoutMs?: number;
  /** Replace channels (tests, benchmarks); default: from the configuration. */
  channels?: Channel[];
  /** Syslog socket path; default /dev/log. */
  syslogPath?: string;
  hostname?: string;
  /** The alert store this run writes (src/store/settings.ts alertStoreTarget); absent: none. */
  alertStore?: AlertStoreSettings;
}

export function outputsSettings(cfg: Config, hostname?: string): OutputsSettings {
  return {
    json: cfg.json_output,
    envelope: {
      includeOutput: cfg.json_include_output_property,
      includeTags: cfg.json_include_tags_property,
      includeMessage: cfg.json_include_message_property,
      includeOutputFields: cfg.json_include_output_fields_property,
    },
    hostname: hostname ?? resolveHostname(),
    capacity: cfg.outputs_queue.capacity === 0 ? DEFAULT_QUEUE_CAPACITY : cfg.outputs_queue.capacity,
    retryInitialMs: 100,
    retryMaxMs: 5000,
    reportIntervalMs: 10_000,
  };
}

/** The channels the configuration enables. Throws an Error (with the key) when one cannot be set up. */
export function channelsFromConfig(cfg: Config, opts: CreateOutputsOptions = {}): Channel[] {
  const channels: Channel[] = [];
  if (cfg.file_output.enabled) {
    channels.push(fileChannel({ filename: cfg.file_output.filename, keepAlive: cfg.file_output.keep_alive }));
  }
  if (cfg.stdout_output.enabled) channels.push(stdoutChannel());
  if (cfg.syslog_output.enabled) channels.push(syslogChannel({ path: opts.syslogPath }));
  if (cfg.program_output.enabled) {
    channels.push(programChannel({ program: cfg.program_output.program, keepAlive: cfg.program_output.keep_alive }));
  }
  if (cfg.http_output.enabled) {
    const h = cfg.http_output;
    channels.push(
      httpChannel({
        url: h.url,
        userAgent: h.user_agent,
        json: cfg.json_output,
        insecure: h.insecure,
        caCert: h.ca_cert,
        caBundle: h.ca_bundle,
        caPath: h.ca_path,
        mtls: h.mtls,
        clientCert: h.client_cert,
        clientKey: h.client_key,
        echo: h.echo,
        compressUploads: h.compress_uploads,
        keepAlive: h.keep_alive,
        timeoutMs: opts.timeoutMs ?? 2000,
      }),
    );
  }
  if (cfg.nats_output.enabled)
    channels.push(natsChannel(natsOutputOptions(cfg, opts.hostname ?? resolveHostname(), opts.timeoutMs ?? 2000)));
  if (opts.alertStore !== undefined) channels.push(alertStoreChannel(opts.alertStore));
  return channels;
}

/** Outputs for a configuration; `{error}` names the channel that could not be set up. */
export function createOutputs(cfg: Config, opts: CreateOutputsOptions = {}): Outputs | { error: string } {
  let channels: Channel[];
  try {
    channels = opts.channels ?? channelsFromConfig(cfg, opts);
  } catch (err) {
    return { error: `Failed to init output: ${(err as Error).message}` };
  }
  // Falco refuses to run with nothing to say alerts through; so do we (every alert would be lost).
  if (channels.length === 0) {
    return {
      error:
        'No outputs configured. Enable at least one of stdout_output, file_output, syslog_output, program_output or http_output',
    };
  }
  return new Outputs(channels, outputsSettings(cfg, opts.hostname));
}
