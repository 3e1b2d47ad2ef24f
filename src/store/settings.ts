// Whether and where a detection run stores its alerts: `alert_store` from the configuration, resolved for the
// kind of run. Live detection stores by default (an on-call engineer opens the console and finds the history);
// a replay stores only when asked (`-o alert_store.enabled=true -o alert_store.path=FILE`), so replaying a capture
// never writes into the host's store by surprise.
import type { Config } from '../config/config.ts';
import { parseDurationMs } from '../config/schema.ts';

export interface AlertStoreSettings {
  /** The SQLite file. */
  readonly path: string;
  /** Alerts older than this (event time) are deleted; 0 keeps them whatever their age. */
  readonly maxAgeMs: number;
  /** At most this many alerts are kept, the oldest deleted first; 0 means no limit. */
  readonly maxRows: number;
}

/** The store a detection run writes, or undefined when it stores nothing. */
export function alertStoreTarget(cfg: Config, live: boolean): AlertStoreSettings | undefined {
  const s = cfg.alert_store;
  const enabled = s.enabled ?? live;
  if (!enabled) return undefined;
  return alertStoreSettings(cfg, s.path);
}

/** `alert_store`'s retention for a store at `path` (the fleet console writes one whatever `enabled` says). */
export function alertStoreSettings(cfg: Config, path: string): AlertStoreSettings {
  const s = cfg.alert_store;
  return Object.freeze({
    path,
    // the schema checked the duration; 0 is "no limit"
    maxAgeMs: parseDurationMs(s.retention.max_age) ?? 0,
    maxRows: s.retention.max_rows,
  });
}
