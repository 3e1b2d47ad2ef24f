// What a hot reload does for a running detector (replay or live): load the configuration's rules with the same
// flags the process started with, build outputs for the new configuration, and only when both succeed swap
// them in between two events. Used by SIGHUP and by the watch_config_files watcher.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Config, FileDigest } from '../../config/config.ts';
import { type PreparedReload, ReloadController } from '../../config/reload.ts';
import type { Detector } from '../../engine/detector.ts';
import type { Engine } from '../../engine/engine.ts';
import { log } from '../../log.ts';
import { createOutputs } from '../../outputs/create.ts';
import type { LoadRulesResult } from '../../rules/loader.ts';
import { expandRulesPaths, loadRules } from '../../rules/loader.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import { counters } from '../../server/counters.ts';
import type { Operations } from '../../server/operations.ts';
import type { Event } from '../../state/event.ts';
import type { CliOptions } from '../options.ts';
import { loadOptions, selectionConflict } from '../rules-env.ts';

/** One line for the first problem that stopped the rules from loading. */
export function rulesErrorLine(res: LoadRulesResult<Event>): string {
  if (res.fatal !== undefined) return res.fatal;
  for (const f of res.files) {
    const e = f.errors[0];
    if (e === undefined) continue;
    const locs = (e.context as unknown as { locations?: { file: string; line: number; column: number }[] }).locations;
    const at = locs !== undefined && locs.length > 0 ? locs[locs.length - 1] : undefined;
    return `${at === undefined ? f.name : `${at.file}:${at.line}:${at.column}`}: ${e.code}: ${e.message}`;
  }
  return 'the rules could not be loaded';
}

function rulesFolders(paths: readonly string[]): string[] {
  return paths.filter((p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * What `engine` decodes for `ruleset`: events nothing needs pass undecoded, except when the drop monitor
 * simulates drops (it counts seconds of event time on every event, as Falco's check does, so it must see them
 * all). `usedFields`: the fields the rules read; null when not known, and any field then counts as used.
 */
export function chooseRelevant(
  engine: Engine,
  ruleset: Ruleset<Event>,
  cfg: Config,
  usedFields: ReadonlySet<string> | null,
): void {
  engine.setRelevant(cfg.syscall_event_drops.simulate_drops ? null : ruleset.eventCodes(), usedFields);
}

/**
 * What a live detector adds to a reload (src/engine/prefilter/link.ts): `prepare` readies the sensor for the new
 * rules; `swap` receives the switch of rule sets and runs it before the first event the new rules must see;
 * `discard` undoes `prepare` for an abandoned reload.
 */
export interface ReloadGate {
  prepare(ruleset: Ruleset<Event>): Promise<void>;
  swap(ruleset: Ruleset<Event>, swap: () => void): void;
  discard(ruleset: Ruleset<Event>): void;
}

/**
 * The reload controller for a detector started with these flags. A reload also re-chooses what `engine`
 * decodes: a new rule may need events the old ones did not. Its fields are not known (the new rules are not
 * loaded through a recording registry), so any field counts as used.
 */
export function detectorReloader(
  opts: CliOptions,
  ops: Operations,
  detector: Detector,
  engine: Engine,
  /** Called after a reload was applied (live: re-choose the captured syscalls). */
  onApplied?: (ruleset: Ruleset<Event>, cfg: Config) => void,
  gate?: ReloadGate,
): ReloadController {
  const rulesPaths = (cfg: Config): string[] => (opts.rules.length > 0 ? opts.rules : cfg.rules_files);
  const controller = new ReloadController({
    sources: {
      ...(opts.config === undefined ? {} : { configFile: opts.config }),
      overrides: opts.overrides,
    },
    target: {
      async prepare(cfg: Config): Promise<PreparedReload | { error: string }> {
        const conflict = selectionConflict(opts, cfg);
        if (conflict !== undefined) return { error: conflict };
        const paths = rulesPaths(cfg);
        const res = loadRules<Event>(paths, loadOptions<Event>(opts, cfg));
        if (!res.successful || res.ruleset === undefined) return { error: rulesErrorLine(res) };
        if (opts.unbuffered) cfg.buffered_outputs = false;
        const outputs = createOutputs(cfg);
        if ('error' in outputs) return outputs;
        const ruleset = res.ruleset;
        await gate?.prepare(ruleset);
        const swap = () => {
          detector.swapRuleset(ruleset);
          chooseRelevant(engine, ruleset, cfg, null);
          onApplied?.(ruleset, cfg);
        };
        return {
          apply() {
            if (gate === undefined) swap();
            else gate.swap(ruleset, swap);
            counters.rulesLoaded = ruleset.enabled.length;
            counters.rulesFiles = rulesDigests(res.contents);
            void ops.swap(cfg, outputs);
            log.info(`Reload: ${res.files.length} rules files loaded, ${ruleset.enabled.length} rules enabled`);
          },
          discard() {
            gate?.discard(ruleset);
            counters.channels = () => ops.outputs.stats();
            void outputs.close(0);
          },
          rulesFiles: expandRulesPaths(paths),
          rulesFolders: rulesFolders(paths),
        };
      },
    },
    onRefused: (error) => ops.reloadRefused(error),
  });
  const paths = rulesPaths(ops.config);
  void controller.watch(ops.config, expandRulesPaths(paths), rulesFolders(paths));
  return controller;
}

/** SHA-256 of each rules file, for /metrics and --support. */
export function rulesDigests(contents: ReadonlyMap<string, string>): FileDigest[] {
  return [...contents].map(([path, text]) => ({ path, sha256: createHash('sha256').update(text).digest('hex') }));
}
