// The rules step of the engine: for each event, the enabled rules indexed under its type are evaluated (all of
// them share one per-event field cache) and each match becomes an Alert for the output channels. Counts by
// rule and by priority feed the end-of-run summary and /metrics.
//
// Events of a container whose metadata is still on its way (see alert-deferral.ts): rules whose conditions read
// runtime metadata are evaluated later, on a snapshot of the event's fields, and alerts whose outputs show it
// are rendered later; everything else happens now. The pipeline itself never waits.
import { isRuntimeMetadataField } from '../fields/extract/container-values.ts';
import type { AlertCounts, RuleCount } from '../metrics/metrics.ts';
import type { Alert } from '../outputs/alert.ts';
import type { CompiledRule } from '../rules/compiler.ts';
import { PRIORITIES, type Priority } from '../rules/priority.ts';
import type { Ruleset } from '../rules/ruleset.ts';
import type { Event } from '../state/event.ts';
import { AlertContextCache } from './alert-context.ts';
import type { AlertDeferral } from './alert-deferral.ts';
import type { EventSink } from './engine.ts';
import { FieldSnapshot } from './field-snapshot.ts';

/** Receives each alert, synchronously, in event order. */
export type AlertSink = (alert: Alert) => void;

export interface DetectorOptions {
  readonly hostname: string;
  /** falco.yaml time_format_iso_8601: the alert line starts with %evt.time.iso8601 instead of %evt.time. */
  readonly timeFormatIso8601: boolean;
  /**
   * Holds alerts about containers whose metadata is pending until it arrives (bounded): "no <NA> for a
   * container that exists". Absent: every alert is emitted at once.
   */
  readonly deferral?: AlertDeferral;
  /**
   * Keep the alert context's process part per thread between alerts (alert-context.ts); default on. Off
   * (PEREGRINE_CONTEXT_CACHE=0): every alert extracts it in full, the reference the cache is tested against.
   */
  readonly contextCache?: boolean;
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
  /** Alert counts of rules a reload removed (see swapRuleset), with their labels. */
  private readonly retired = new Map<string, RuleCount>();
  private readonly matched: CompiledRule<Event>[];
  /** Per rule: whether its output uses runtime metadata (decided once per rule, not per alert). */
  private readonly usesMetadata = new WeakMap<CompiledRule<Event>, boolean>();
  /** Per rule: whether its condition reads runtime metadata. */
  private readonly conditionUsesMetadata = new WeakMap<CompiledRule<Event>, boolean>();
  /** The alert context per thread, for alerts of the current event only; undefined when off. */
  readonly contextCache: AlertContextCache | undefined;

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
    this.contextCache = opts.contextCache === false ? undefined : new AlertContextCache();
  }

  /**
   * Hot reload: the next event is evaluated against `ruleset`. Called between two events (the engine is
   * synchronous), so no event is evaluated by neither or both. Alert counts carry over by rule name.
   */
  swapRuleset(ruleset: Ruleset<Event>): void {
    const before = new Map<string, RuleCount>();
    for (const c of this.liveCounts()) {
      const b = before.get(c.rule);
      before.set(c.rule, b === undefined ? c : { ...b, count: b.count + c.count });
    }
    const byRule = new Float64Array(ruleset.rules.length);
    ruleset.rules.forEach((r, i) => {
      byRule[i] = before.get(r.name)?.count ?? 0;
      before.delete(r.name);
    });
    // Rules the new set no longer has keep their counts for the summary and /metrics.
    for (const [name, c] of before) {
      const old = this.retired.get(name);
      this.retired.set(name, old === undefined ? c : { ...old, count: old.count + c.count });
    }
    this.ruleset = ruleset;
    this.byRule = byRule;
    this.ruleIndex = new Map(ruleset.rules.map((r, i) => [r, i]));
    this.first = ruleset.ruleMatching === 'first';
  }

  event(evt: Event): void {
    // The per-type index makes this a lookup and, for most events, an empty list.
    const list = this.ruleset.rulesFor(evt.type);
    if (list.length === 0) return;
    const d = this.opts.deferral;
    if (d !== undefined) {
      const t = evt.thread;
      if (t !== null && t.containerId !== '' && d.wouldHold(t.containerId, true)) {
        this.eventOfPendingContainer(evt, list, t.containerId, d);
        return;
      }
    }
    if (this.first) {
      for (let i = 0; i < list.length; i++) {
        if (list[i].condition(evt)) {
          this.fire(list[i], evt);
          return;
        }
      }
      return;
    }
    // Matches first, alerts after: a rule's output never runs between two conditions of the same event.
    // A count rather than `matched.length = 0`: truncating an array is a runtime call, on every such event.
    const matched = this.matched;
    let n = 0;
    for (let i = 0; i < list.length; i++) if (list[i].condition(evt)) matched[n++] = list[i];
    for (let i = 0; i < n; i++) this.fire(matched[i], evt);
  }

  /**
   * The event's container has pending metadata (or held work). Rules are taken in order: those whose conditions
   * do not read metadata are evaluated now; from the first that does, the rest wait on a snapshot of the event
   * (with rule_matching first, a later rule may only match if no earlier one does, so they all wait).
   */
  private eventOfPendingContainer(
    evt: Event,
    list: readonly CompiledRule<Event>[],
    containerId: string,
    d: AlertDeferral,
  ): void {
    const later: CompiledRule<Event>[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (this.first && later.length > 0) {
        later.push(r);
      } else if (this.readsMetadata(r)) {
        later.push(r);
      } else if (r.condition(evt)) {
        this.fire(r, evt);
        if (this.first) return;
      }
    }
    if (later.length === 0) return;
    const cache = this.ruleset.cache;
    if (cache === undefined) {
      // no snapshot possible: evaluate with what is known
      for (const r of later) if (r.condition(evt)) this.fire(r, evt);
      return;
    }
    const snap = FieldSnapshot.take(cache, evt);
    const first = this.first;
    d.hold(containerId, () => {
      const view = snap.restore();
      for (const r of later) {
        if (r.condition(view)) {
          this.count(r);
          this.onAlert(this.alert(r, view.ts, this.ruleset.alertParts(r, view, this.opts.timeFormatIso8601)));
          if (first) return;
        }
      }
    });
  }

  private fire(rule: CompiledRule<Event>, evt: Event): void {
    const d = this.opts.deferral;
    const t = evt.thread;
    const containerId = t !== null && t.containerId !== '' ? t.containerId : undefined;
    const cache = this.ruleset.cache;
    if (
      d !== undefined &&
      containerId !== undefined &&
      cache !== undefined &&
      d.wouldHold(containerId, this.needsMetadata(rule))
    ) {
      // Render what the event knows now (its fields, snapshotted) and the container fields later, from the
      // store, when the metadata has arrived or the wait is over. The event object itself is reused for the
      // next event and is not kept.
      const snap = FieldSnapshot.take(cache, evt);
      d.hold(containerId, () => {
        const view = snap.restore();
        this.count(rule);
        this.onAlert(this.alert(rule, view.ts, this.ruleset.alertParts(rule, view, this.opts.timeFormatIso8601)));
      });
      return;
    }
    this.count(rule);
    this.onAlert(
      this.alert(rule, evt.ts, this.ruleset.alertParts(rule, evt, this.opts.timeFormatIso8601, this.contextCache)),
    );
  }

  private count(rule: CompiledRule<Event>): void {
    this.alerts++;
    this.byRule[this.ruleIndex.get(rule) ?? 0]++;
    this.byPriority[this.priorityIndex.get(rule.priority) ?? 0]++;
  }

  private readsMetadata(rule: CompiledRule<Event>): boolean {
    let v = this.conditionUsesMetadata.get(rule);
    if (v === undefined) {
      v = [...rule.conditionFields].some(isRuntimeMetadataField);
      this.conditionUsesMetadata.set(rule, v);
    }
    return v;
  }

  private alert(rule: CompiledRule<Event>, time: bigint, parts: ReturnType<Ruleset<Event>['alertParts']>): Alert {
    const alert: Alert = {
      time,
      rule: rule.name,
      priority: rule.priority,
      source: rule.source,
      tags: rule.tags,
      output: parts.output,
      message: parts.message,
      outputFields: parts.outputFields,
      hostname: this.opts.hostname,
    };
    // The alert store's context (only when the store is on: the ruleset then carries it).
    return parts.context === undefined ? alert : { ...alert, context: parts.context };
  }

  private needsMetadata(rule: CompiledRule<Event>): boolean {
    let v = this.usesMetadata.get(rule);
    if (v === undefined) {
      v = rule.output.fieldNames.some(isRuntimeMetadataField);
      this.usesMetadata.set(rule, v);
    }
    return v;
  }

  /** The alert counts, for /metrics and snapshots (a live view: read it when needed). */
  counts(): AlertCounts {
    const self = this;
    return {
      get total() {
        return self.alerts;
      },
      byPriority: this.byPriority,
      byRule: () => [...this.retired.values(), ...this.liveCounts()],
    };
  }

  /** Counts of the current ruleset's rules that raised alerts. */
  private *liveCounts(): Generator<RuleCount> {
    const rules = this.ruleset.rules;
    for (let i = 0; i < rules.length; i++) {
      const n = this.byRule[i];
      if (n > 0) {
        const r = rules[i];
        yield { rule: r.name, count: n, priority: this.priorityIndex.get(r.priority) ?? 0, source: r.source };
      }
    }
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
    for (const [name, c] of this.retired) out += `   ${name}: ${c.count}\n`;
    this.ruleset.rules.forEach((r, i) => {
      if (this.byRule[i] > 0) out += `   ${r.name}: ${this.byRule[i]}\n`;
    });
    return out;
  }
}
