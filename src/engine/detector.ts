// The rules step of the engine: for each event, the enabled rules indexed under its type are evaluated (all of
// them share one per-event field cache) and each match becomes an Alert for the output channels. Counts by
// rule and by priority feed the end-of-run summary and /metrics.
import type { Alert } from '../outputs/alert.ts';
import type { CompiledRule } from '../rules/compiler.ts';
import { PRIORITIES, type Priority } from '../rules/priority.ts';
import type { Ruleset } from '../rules/ruleset.ts';
import type { Event } from '../state/event.ts';
import type { EventSink } from './engine.ts';

/** Receives each alert, synchronously, in event order. */
export type AlertSink = (alert: Alert) => void;

export interface DetectorOptions {
  readonly hostname: string;
  /** falco.yaml time_format_iso_8601: the alert line starts with %evt.time.iso8601 instead of %evt.time. */
  readonly timeFormatIso8601: boolean;
}

export class Detector implements EventSink {
  ruleset: Ruleset<Event>;
  /** Alerts per rule, indexed like ruleset.rules. */
  byRule: Float64Array;
  /** Alerts per priority, indexed like PRIORITIES (Emergency … Debug). */
  readonly byPriority: Float64Array;
  alerts: number;
  private readonly onAlert: AlertSink;
  private readonly opts: DetectorOptions;
  private ruleIndex: Map<CompiledRule<Event>, number>;
  private readonly priorityIndex: Map<Priority, number>;
  private first: boolean;
  /** Alert counts of rules a reload removed (see swapRuleset). */
  private readonly retired = new Map<string, number>();
  private readonly matched: CompiledRule<Event>[];

  constructor(ruleset: Ruleset<Event>, onAlert: AlertSink, opts: DetectorOptions) {
    this.ruleset = ruleset;
    this.onAlert = onAlert;
    this.opts = opts;
    this.byRule = new Float64Array(ruleset.rules.length);
    this.byPriority = new Float64Array(PRIORITIES.length);
    this.alerts = 0;
    this.ruleIndex = new Map(ruleset.rules.map((r, i) => [r, i]));
    this.priorityIndex = new Map(PRIORITIES.map((p, i) => [p, i]));
    this.first = ruleset.ruleMatching === 'first';
    this.matched = [];
  }

  /**
   * Hot reload: the next event is evaluated against `ruleset`. Called between two events (the engine is
   * synchronous), so no event is evaluated by neither or both. Alert counts carry over by rule name.
   */
  swapRuleset(ruleset: Ruleset<Event>): void {
    const before = new Map<string, number>();
    this.ruleset.rules.forEach((r, i) => {
      before.set(r.name, (before.get(r.name) ?? 0) + this.byRule[i]);
    });
    const byRule = new Float64Array(ruleset.rules.length);
    ruleset.rules.forEach((r, i) => {
      byRule[i] = before.get(r.name) ?? 0;
      before.delete(r.name);
    });
    // Rules the new set no longer has keep their counts for the summary.
    for (const [name, n] of before) if (n > 0) this.retired.set(name, (this.retired.get(name) ?? 0) + n);
    this.ruleset = ruleset;
    this.byRule = byRule;
    this.ruleIndex = new Map(ruleset.rules.map((r, i) => [r, i]));
    this.first = ruleset.ruleMatching === 'first';
  }

  event(evt: Event): void {
    // The per-type index makes this a lookup and, for most events, an empty list.
    const list = this.ruleset.rulesFor(evt.type);
    if (list.length === 0) return;
    if (this.first) {
      for (let i = 0; i < list.length; i++) {
        if (list[i].condition(evt)) {
          this.fire(list[i], evt);
          return;
        }
      }
      return;
    }
    const matched = this.matched;
    matched.length = 0;
    for (let i = 0; i < list.length; i++) if (list[i].condition(evt)) matched.push(list[i]);
    for (const r of matched) this.fire(r, evt);
  }

  private fire(rule: CompiledRule<Event>, evt: Event): void {
    const parts = this.ruleset.alertParts(rule, evt, this.opts.timeFormatIso8601);
    this.alerts++;
    this.byRule[this.ruleIndex.get(rule) ?? 0]++;
    this.byPriority[this.priorityIndex.get(rule.priority) ?? 0]++;
    this.onAlert({
      time: evt.ts,
      rule: rule.name,
      priority: rule.priority,
      source: rule.source,
      tags: rule.tags,
      output: parts.output,
      message: parts.message,
      outputFields: parts.outputFields,
      hostname: this.opts.hostname,
    });
  }

  /** Falco's end-of-run statistics (falco_engine::print_stats), preceded by the number of events read. */
  summary(eventsRead: number): string {
    let out = `Events read: ${eventsRead}\nEvents detected: ${this.alerts}\nRule counts by severity:\n`;
    for (let i = 0; i < PRIORITIES.length; i++) {
      // Falco prints the short form here (format_priority with shortfmt): INFO, not INFORMATIONAL.
      const name = PRIORITIES[i] === 'Informational' ? 'INFO' : PRIORITIES[i].toUpperCase();
      if (this.byPriority[i] > 0) out += `   ${name}: ${this.byPriority[i]}\n`;
    }
    out += 'Triggered rules by rule name:\n';
    for (const [name, n] of this.retired) out += `   ${name}: ${n}\n`;
    this.ruleset.rules.forEach((r, i) => {
      if (this.byRule[i] > 0) out += `   ${r.name}: ${this.byRule[i]}\n`;
    });
    return out;
  }
}
