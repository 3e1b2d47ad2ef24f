// What a hot reload does to a running detection (SIGHUP, or a watched file that changed): the configuration is
// loaded again with the flags the process started with and resolved into new settings, the rules are loaded,
// the outputs built, and only when all of that succeeded is it swapped in between two events; the source is told
// (live: the captured syscalls follow the new rules). Anything that fails is refused with one line, and the old
// set keeps running.
import type { Config } from '../config/config.ts';
import { type PreparedReload, ReloadController } from '../config/reload.ts';
import type { Detector } from '../engine/detector.ts';
import type { Engine } from '../engine/engine.ts';
import { log } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Ruleset } from '../rules/ruleset.ts';
import type { Event } from '../state/event.ts';
import type { Operations } from './operations.ts';
import { outputsFor } from './operations.ts';
import { loadRunRules, rulesErrorLine } from './rules.ts';
import { resolveSettings, type Settings } from './settings.ts';
import type { EventSource } from './sources/source.ts';

/**
 * What `engine` decodes for `ruleset`: events nothing needs pass undecoded, except when the drop monitor
 * simulates drops (it counts seconds of event time on every event, as Falco's check does, so it must see them
 * all). `usedFields`: the fields the rules read; null when not known, and any field then counts as used.
 */
export function chooseRelevant(
  engine: Engine,
  ruleset: Ruleset<Event>,
  settings: Settings,
  usedFields: ReadonlySet<string> | null,
): void {
  engine.setRelevant(settings.config.syscall_event_drops.simulate_drops ? null : ruleset.eventCodes(), usedFields);
}

export interface RunningDetection {
  readonly ops: Operations;
  readonly detector: Detector;
  readonly engine: Engine;
  readonly source: EventSource;
  readonly metrics: Metrics;
}

/**
 * The reload controller of a running detection. The new rules are not loaded through a recording registry, so
 * their fields are not known: after a reload any field counts as used, and the engine decodes accordingly.
 */
export function detectionReloader(run: RunningDetection): ReloadController {
  const { ops, detector, engine, source, metrics } = run;
  const flags = ops.settings.flags;
  const controller = new ReloadController({
    sources: {
      ...(flags.config === undefined ? {} : { configFile: flags.config }),
      overrides: flags.overrides,
    },
    target: {
      async prepare(cfg: Config): Promise<PreparedReload | { error: string }> {
        const settings = resolveSettings(cfg, flags);
        if ('error' in settings) return settings;
        const rules = loadRunRules<Event>(settings.rules.files, flags, settings.config, undefined, {
          alertContext: settings.alertStore !== undefined,
        });
        if (rules.ruleset === undefined) return { error: rulesErrorLine(rules.result) };
        const outputs = outputsFor(settings);
        if ('error' in outputs) return outputs;
        const { ruleset, digests } = rules;
        const gate = source.rulesGate;
        await gate?.prepare(ruleset);
        const swap = (): void => {
          detector.swapRuleset(ruleset);
          chooseRelevant(engine, ruleset, settings, null);
          source.rulesChanged(ruleset, settings);
        };
        return {
          apply() {
            if (gate === undefined) swap();
            else gate.swap(ruleset, swap);
            metrics.rulesLoaded = ruleset.enabled.length;
            metrics.rulesFiles = digests;
            void ops.swap(settings, outputs);
            log.info(
              `Reload: ${rules.result.files.length} rules files loaded, ${ruleset.enabled.length} rules enabled`,
            );
          },
          discard() {
            gate?.discard(ruleset);
            void outputs.close(0);
          },
          rulesFiles: settings.rules.files,
          rulesFolders: settings.rules.folders,
        };
      },
    },
    onRefused: (error) => ops.reloadRefused(error),
  });
  void controller.watch(ops.settings.config, ops.settings.rules.files, ops.settings.rules.folders);
  return controller;
}
