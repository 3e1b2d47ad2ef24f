// Keeps the sensor's prefilter in step with the rules a live detector runs, with no gap on reload.
//
// A reload has two rule sets in play: the old one evaluates events until the detector switches, the new one after.
// The sensor must drop nothing either may need while it may still see it. So, per reload:
//
//   1. prepare: the prefilter for old ∪ new goes to the sensor; its acknowledgement carries the time T from which
//      every event was filtered by it (src/capture/live-source.ts PrefilterAck.ts, in event timestamps);
//   2. the detector switches rule sets at the first event stamped after T (the live sink calls `due`): events up to
//      T were filtered for the old rules (alone or with the new), events after T for both;
//   3. then the prefilter for the new rules alone goes to the sensor.
//
// Reloads that overlap keep every rule set that may still see events in the union until its successor took over.
import { log } from '../../log.ts';
import type { CompiledRule } from '../../rules/compiler.ts';
import { compilePrefilter, offProgram, type PrefilterProgram } from './compile.ts';
import { prefilterCommand } from './encode.ts';

type Rules = readonly Pick<
  CompiledRule<unknown>,
  'name' | 'ast' | 'eventCodes' | 'conditionFields' | 'output' | 'extraFields'
>[];

/** What the link needs of the live source. */
export interface PrefilterSensor {
  setPrefilter(command: string): Promise<{ readonly active: number; readonly ts: bigint; readonly error?: string }>;
}

interface PendingSwap {
  readonly at: bigint;
  readonly swap: () => void;
  readonly rules: Rules;
}

export class PrefilterLink {
  /** The rule sets the prefilter in force must serve (the running one, then those waiting to take over). */
  private serving: Rules[] = [];
  private readonly swaps: PendingSwap[] = [];
  private readonly sensor: PrefilterSensor;
  /** The program last put in force (for logs and tests). */
  program: PrefilterProgram = offProgram('not started');

  constructor(sensor: PrefilterSensor) {
    this.sensor = sensor;
  }

  /**
   * Puts in force the prefilter for the rules the detector starts with (`compiled`: compilePrefilter([rules]),
   * when the caller compiled it while the sensor was loading).
   */
  async start(rules: Rules, compiled?: PrefilterProgram): Promise<void> {
    this.serving = [rules];
    await this.push(compiled);
  }

  /** Reload step 1: the prefilter for every rule set in play and `next`; resolves with T (see above). */
  async prepare(next: Rules): Promise<bigint> {
    this.serving.push(next);
    return this.push();
  }

  /** Reload step 2: `swap` is to run at the first event stamped after `at` (see `due`). */
  schedule(at: bigint, next: Rules, swap: () => void): void {
    this.swaps.push({ at, swap, rules: next });
  }

  /** A prepared reload was abandoned: the prefilter no longer serves `next`. */
  async abandon(next: Rules): Promise<void> {
    this.serving = this.serving.filter((r) => r !== next);
    await this.push();
  }

  /** Whether a switch waits (the live sink then checks each event's time with `due`). */
  get waiting(): boolean {
    return this.swaps.length > 0;
  }

  /** Per event while a switch waits: runs the switches due at this event's time, then narrows the prefilter. */
  due(ts: bigint): void {
    let done: Rules | undefined;
    while (this.swaps.length > 0 && ts > this.swaps[0].at) {
      const s = this.swaps.shift() as PendingSwap;
      s.swap();
      done = s.rules;
    }
    if (done === undefined) return;
    // The rule sets before the one that took over see no more events.
    this.serving = this.serving.slice(this.serving.indexOf(done));
    void this.push();
  }

  /** Compiles the union of the rule sets served and puts it in force; resolves with the time it took effect. */
  private async push(compiled?: PrefilterProgram): Promise<bigint> {
    const program = compiled ?? compilePrefilter(this.serving);
    const ack = await this.sensor.setPrefilter(prefilterCommand(program));
    if (ack.error !== undefined) {
      log.warning(`the sensor refused the prefilter tables (${ack.error}); the previous ones stay in force`);
      // Refused: the old tables may not serve the new rules. Keep the time the switch waits for in the future of
      // every event already delivered, and send everything from now on.
      const off = await this.sensor.setPrefilter('prefilter off');
      this.program = offProgram(ack.error);
      return off.ts;
    }
    this.program = program;
    if (program.off !== undefined) log.info(`prefilter: off (${program.off})`);
    else
      log.debug(
        `prefilter: ${program.terms} terms, ${program.paths.size} paths, ${program.comms.size} process names, ` +
          `opens ${program.defer ? 'may wait for their close' : 'never wait'}`,
      );
    return ack.ts;
  }
}

/** The reload gate (src/cli/commands/reload-target.ts ReloadGate) of a live detector whose sensor has `link`. */
export function prefilterGate<R extends { readonly enabled: Rules }>(
  link: PrefilterLink,
): { prepare(r: R): Promise<void>; swap(r: R, swap: () => void): void; discard(r: R): void } {
  const from = new WeakMap<R, bigint>();
  return {
    async prepare(r) {
      from.set(r, await link.prepare(r.enabled));
    },
    swap(r, swap) {
      link.schedule(from.get(r) ?? 0n, r.enabled, swap);
    },
    discard(r) {
      void link.abandon(r.enabled);
    },
  };
}
