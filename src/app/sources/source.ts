// Where a detection run's events come from. Every source hands chunks of scap bytes to the engine's BlockReader
// (the same decoder for a file and the sensor's pipe); the app's one detection loop (src/app/detect.ts) is the
// same for all of them.
import type { Engine } from '../../engine/engine.ts';
import type { KernelStats, PrefilterCounts } from '../../metrics/metrics.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import type { Event } from '../../state/event.ts';
import type { Settings } from '../settings.ts';

/** How a source ended. */
export interface SourceEnd {
  /** The source failed: one line naming it and where (file and byte offset, or the sensor's cause). */
  readonly error?: string;
  /** The run was stopped before the source's end (a signal, -M, the drop monitor's exit action). */
  readonly stopped: boolean;
}

/**
 * What a source needs around a reload when it filters events for the rules (live with the kernel prefilter,
 * src/engine/prefilter/link.ts): `prepare` readies it for the new rules as well as the old; `swap` receives the
 * switch of rule sets and runs it at the first event the new rules must see (the detection sink calls `due` with
 * each event's time while `waiting`); `discard` undoes `prepare` for a reload that was abandoned.
 */
export interface RulesGate {
  prepare(ruleset: Ruleset<Event>): Promise<void>;
  swap(ruleset: Ruleset<Event>, swap: () => void): void;
  discard(ruleset: Ruleset<Event>): void;
  readonly waiting: boolean;
  due(ts: bigint): void;
}

export interface EventSource {
  /** For messages: the capture file, or the sensor. */
  readonly name: string;
  /**
   * A live source: the webserver runs (Falco does not start it for a capture), detection never waits for an
   * output (a full queue drops and counts instead of stalling the kernel into dropping events), and -M is wall
   * time rather than event time.
   */
  readonly live: boolean;
  /** False once the source can deliver no more events (its end was reached, or the sensor died). */
  readonly alive: boolean;
  /** Why it is not alive, in words (/healthz says it): `the sensor was killed by SIGKILL`. */
  problem?(): string | undefined;
  /**
   * Opens the source for `engine` with the rules it must serve (live: chooses the syscalls and starts the
   * sensor, waiting until it captures). An error line when it cannot start.
   */
  open(engine: Engine, ruleset: Ruleset<Event>, settings: Settings): Promise<string | undefined>;
  /**
   * Feeds the engine until the source ends or `stop()`. After each chunk it calls `afterChunk`; a capture waits on
   * the promise it returns (an output that is behind slows the reading down, so nothing is dropped for want of
   * room), a live source never waits.
   */
  run(afterChunk: () => Promise<void> | undefined): Promise<SourceEnd>;
  /** Stops early: a capture stops reading; the sensor detaches and what it captured before still flows. */
  stop(): void;
  /** Set once open when the source filters events for the rules: a reload goes through it (see RulesGate). */
  readonly rulesGate?: RulesGate;
  /** The rules changed (a reload was applied): live, the captured syscalls follow them. */
  rulesChanged(ruleset: Ruleset<Event>, settings: Settings): void;
  /** Kernel counters (live; zero for a capture). */
  kernel(): KernelStats;
  /** The kernel prefilter's counters (live with the prefilter on). */
  prefilter?(): PrefilterCounts;
  /** Brings `kernel()` up to date now (live: asks the sensor); resolves when done, never rejects. */
  refresh(): Promise<void>;
  /** What start-up says about the source once it is open. */
  describe(): string;
}
