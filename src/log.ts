// Peregrine's operational log, in Falco's format: `Thu Nov 27 20:30:00 2026: message` on stderr (or
// `2026-11-27T20:30:00+0000: message` with time_format_iso_8601) and the same message to syslog.
// These are lifecycle and error messages, never alerts: alerts go through src/outputs.
//
// One process-wide logger, configured once from the configuration (`log_level`, `log_stderr`, `log_syslog`,
// `time_format_iso_8601`) and again on every reload. Until then it logs `info` and above to stderr, as Falco
// does before it has read its configuration.
import { openSyslogSink, type SyslogSink } from './syslog-sink.ts';

/** Falco's log levels, most severe first; the index is the syslog severity. */
export const LOG_LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  stderr: boolean;
  syslog: boolean;
  iso8601: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `%a %b %d %H:%M:%S %Y` in local time, as Falco's logger writes it. */
export function ctimeStamp(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`;
}

/** `%FT%T%z` in UTC (`+0000`), Falco's ISO 8601 log stamp. */
export function isoLogStamp(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}

class Logger {
  private settings: LogSettings = { level: 'info', stderr: true, syslog: false, iso8601: false };
  private threshold = LOG_LEVELS.indexOf('info');
  private sink: SyslogSink | undefined;
  /** Tests and the CLI may capture lines instead of writing stderr. */
  private writer: (line: string) => void = (line) => {
    process.stderr.write(line);
  };

  configure(settings: LogSettings): void {
    this.settings = { ...settings };
    this.threshold = LOG_LEVELS.indexOf(settings.level);
    if (settings.syslog && this.sink === undefined) this.sink = openSyslogSink({ ident: 'peregrine' });
    if (!settings.syslog && this.sink !== undefined) {
      this.sink.close();
      this.sink = undefined;
    }
  }

  setWriter(writer: (line: string) => void): void {
    this.writer = writer;
  }

  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.threshold;
  }

  log(level: LogLevel, msg: string): void {
    const sev = LOG_LEVELS.indexOf(level);
    if (sev > this.threshold) return;
    const text = msg.endsWith('\n') ? msg.slice(0, -1) : msg;
    if (this.sink !== undefined) this.sink.send(sev, text);
    if (this.settings.stderr) {
      const now = new Date();
      this.writer(`${this.settings.iso8601 ? isoLogStamp(now) : ctimeStamp(now)}: ${text}\n`);
    }
  }

  emergency(msg: string): void {
    this.log('emergency', msg);
  }
  alert(msg: string): void {
    this.log('alert', msg);
  }
  critical(msg: string): void {
    this.log('critical', msg);
  }
  error(msg: string): void {
    this.log('error', msg);
  }
  warning(msg: string): void {
    this.log('warning', msg);
  }
  notice(msg: string): void {
    this.log('notice', msg);
  }
  info(msg: string): void {
    this.log('info', msg);
  }
  debug(msg: string): void {
    this.log('debug', msg);
  }

  close(): void {
    this.sink?.close();
    this.sink = undefined;
  }
}

/** The process-wide logger. */
export const log = new Logger();
export type { Logger };
