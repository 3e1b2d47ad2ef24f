// The alerts stream: used as it is when it exists, made when it does not (by the first host that publishes, or by
// a console that reads before any host did). Every host's subjects, file storage, the configured replicas and
// duplicate window.
import type { JetStreamManager } from '@nats-io/jetstream';
import { log } from '../log.ts';
import type { JetStreamModule } from './nats-connect.ts';

/** The subjects a stream made by Peregrine takes: every host's alerts. */
export const ALERTS_SUBJECTS = 'peregrine.alerts.>';
export const DEFAULT_STREAM = 'PEREGRINE_ALERTS';

export interface AlertStreamSettings {
  readonly stream: string;
  /** A subject the stream must take besides ALERTS_SUBJECTS (the output's own), or undefined. */
  readonly subject?: string;
  readonly replicas: number;
  readonly duplicateWindowMs: number;
}

/** Does subject filter `filter` (with `*` and `>` wildcards) take subject `subject`? */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

/** Makes the stream if it is missing; warns when an existing one does not take `subject`. Rejects on failure. */
export async function ensureAlertStream(
  jsm: JetStreamManager,
  jsmod: JetStreamModule,
  s: AlertStreamSettings,
  who: string,
): Promise<void> {
  try {
    const info = await jsm.streams.info(s.stream);
    const subjects = info.config.subjects ?? [];
    if (s.subject !== undefined && !subjects.some((f) => subjectMatches(f, s.subject as string))) {
      log.warning(
        `${who}: stream ${s.stream} takes ${subjects.join(', ') || 'no subjects'}, not ${s.subject}; publications will fail`,
      );
    }
    return;
  } catch (err) {
    if (!(err instanceof jsmod.JetStreamApiError) || err.code !== jsmod.JetStreamApiCodes.StreamNotFound) throw err;
  }
  const subjects =
    s.subject === undefined || subjectMatches(ALERTS_SUBJECTS, s.subject)
      ? [ALERTS_SUBJECTS]
      : [ALERTS_SUBJECTS, s.subject];
  try {
    await jsm.streams.add({
      name: s.stream,
      subjects,
      storage: jsmod.StorageType.File,
      num_replicas: s.replicas,
      duplicate_window: s.duplicateWindowMs * 1_000_000,
    });
    log.info(`${who}: created stream ${s.stream} (${subjects.join(', ')}, ${s.replicas} replicas)`);
  } catch (err) {
    // Another host made it in the meantime: that is what we wanted.
    if (!/already in use/i.test((err as Error).message)) throw err;
  }
}
