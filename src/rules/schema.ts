// The JSON schema of rules files, and the check Falco 0.39+ makes of every rules document against it.
//
// Falco validates each YAML document of a rules file against this schema (valijson 1.0.2, weak types, on
// yaml-cpp nodes) and reports the outcome apart from the loader's own errors and warnings: `schema_valid` and
// `schema_warnings` in -V JSON, "N Schema warnings:" in the text. The schema is Falco's
// (userspace/engine/rule_json_schema.h): it is the contract of the file format, so `--rule-schema` prints it
// as Falco does. The validator below implements only the keywords this schema uses, with valijson's order of
// checks, its messages and its context paths (`<root>[3][priority]`), so the warnings read as Falco's.
import type { YMap, YNode } from '../text/yaml-tree.ts';
import { isNullNode } from '../text/yaml-tree.ts';

type Schema = { readonly [k: string]: unknown };

const overridden = { $ref: '#/definitions/OverriddenItem' };

export const RULE_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  type: 'array',
  items: { $ref: '#/definitions/FalcoRule' },
  definitions: {
    FalcoRule: {
      type: 'object',
      additionalProperties: false,
      properties: {
        required_engine_version: { type: 'string' },
        required_plugin_versions: { type: 'array', items: { $ref: '#/definitions/RequiredPluginVersion' } },
        macro: { type: 'string' },
        condition: { type: 'string' },
        list: { type: 'string' },
        items: { type: 'array', items: { $ref: '#/definitions/Item' } },
        rule: { type: 'string' },
        desc: { type: 'string' },
        enabled: { type: 'boolean' },
        output: { type: 'string' },
        append: { type: 'boolean' },
        priority: { $ref: '#/definitions/Priority' },
        capture: { type: 'boolean' },
        capture_duration: { type: 'integer' },
        source: { type: 'string' },
        exceptions: { type: 'array', items: { $ref: '#/definitions/Exception' } },
        override: { $ref: '#/definitions/Override' },
        tags: { type: 'array', items: { type: 'string' } },
        warn_evttypes: { type: 'boolean' },
        'skip-if-unknown-filter': { type: 'boolean' },
      },
      required: [],
      title: 'FalcoRule',
    },
    Item: { anyOf: [{ type: 'integer' }, { type: 'string' }], title: 'Item' },
    Exception: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, fields: {}, comps: {}, values: {} },
      required: ['name'],
      title: 'Exception',
    },
    Priority: {
      type: 'string',
      enum: ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'],
      title: 'Priority',
    },
    OverriddenItem: { type: 'string', enum: ['append', 'replace'], title: 'OverriddenItem' },
    Override: {
      type: 'object',
      additionalProperties: false,
      properties: {
        items: overridden,
        desc: overridden,
        condition: overridden,
        output: overridden,
        priority: overridden,
        enabled: overridden,
        exceptions: overridden,
        capture: overridden,
        capture_duration: overridden,
        tags: overridden,
        warn_evttypes: overridden,
        'skip-if-unknown-filter': overridden,
      },
      minProperties: 1,
      title: 'Override',
    },
    RequiredPluginVersion: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        alternatives: { type: 'array', items: { $ref: '#/definitions/Alternative' } },
      },
      required: ['name', 'version'],
      title: 'RequiredPluginVersion',
    },
    Alternative: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, version: { type: 'string' } },
      required: ['name', 'version'],
      title: 'Alternative',
    },
  },
};

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortedKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** What `--rule-schema` prints: nlohmann::json's dump(2) of the schema (keys sorted), without a newline. */
export function ruleSchemaText(): string {
  return JSON.stringify(sortedKeys(RULE_SCHEMA), null, 2);
}

// ---- validation (valijson semantics for the keywords above) ----

interface SchemaError {
  readonly context: string;
  readonly description: string;
}

/** A schema node prepared once: references resolved, properties in name order (valijson keeps a std::map). */
interface Compiled {
  readonly type?: string;
  readonly anyOf?: readonly Compiled[];
  readonly enumValues?: ReadonlySet<string>;
  readonly items?: Compiled;
  readonly minProperties?: number;
  readonly properties?: ReadonlyMap<string, Compiled>;
  readonly noAdditional: boolean;
  readonly required?: readonly string[];
}

const compiledDefinitions = new Map<string, Compiled>();

function compileSchema(s: Schema): Compiled {
  const ref = s.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/definitions/', '');
    let c = compiledDefinitions.get(name);
    if (c === undefined) {
      // Placeholder first: definitions may refer to each other.
      const target = (RULE_SCHEMA.definitions as Record<string, Schema>)[name];
      c = {} as Compiled;
      compiledDefinitions.set(name, c);
      Object.assign(c, compileSchema(target));
    }
    return c;
  }
  const props = s.properties as Record<string, Schema> | undefined;
  return {
    type: typeof s.type === 'string' ? s.type : undefined,
    anyOf: Array.isArray(s.anyOf) ? (s.anyOf as Schema[]).map(compileSchema) : undefined,
    enumValues: Array.isArray(s.enum) ? new Set(s.enum as string[]) : undefined,
    items: s.items === undefined ? undefined : compileSchema(s.items as Schema),
    minProperties: typeof s.minProperties === 'number' ? s.minProperties : undefined,
    properties:
      props === undefined
        ? undefined
        : new Map(
            Object.keys(props)
              .sort()
              .map((k) => [k, compileSchema(props[k])]),
          ),
    noAdditional: s.additionalProperties === false,
    required: Array.isArray(s.required) ? (s.required as string[]) : undefined,
  };
}

let rootSchema: Compiled | undefined;

// yaml-cpp's view of a node, as valijson's YamlCppAdapter sees it: null (`~`, `null`, empty) is not a scalar.
const isScalar = (n: YNode | null): n is YNode & { kind: 'scalar' } =>
  n !== null && n.kind === 'scalar' && !isNullNode(n);
const isMap = (n: YNode | null): n is YMap => n !== null && n.kind === 'map';
const scalarText = (n: YNode | null): string | undefined => (isScalar(n) ? n.value : undefined);

/** BasicAdapter::maybeObject: a mapping, or an empty sequence. */
function maybeObject(n: YNode | null): boolean {
  return isMap(n) || (n !== null && n.kind === 'seq' && n.items.length === 0);
}

/** istringstream >> int64_t reading the whole text (leading blanks allowed, nothing after). */
function maybeInteger(s: string): boolean {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)$/.exec(s);
  if (m === null) return false;
  const v = BigInt(m[1]);
  return v >= -(1n << 63n) && v < 1n << 63n;
}

function typeMatches(n: YNode | null, type: string): boolean {
  switch (type) {
    case 'array':
      return n !== null && n.kind === 'seq';
    case 'object':
      return isMap(n);
    case 'string':
      return isScalar(n);
    case 'boolean': {
      const s = scalarText(n);
      return s === 'true' || s === 'false';
    }
    case 'integer': {
      const s = scalarText(n);
      return s !== undefined && maybeInteger(s);
    }
    default:
      return false;
  }
}

const EMPTY_MEMBERS: readonly (readonly [string, YNode | null])[] = [];

class Validation {
  readonly errors: SchemaError[] = [];

  private push(context: string, description: string): void {
    this.errors.push({ context, description });
  }

  /** ValidationVisitor::validateSchema: every constraint is checked, in valijson's order. */
  check(n: YNode | null, s: Compiled, context: string): boolean {
    let ok = true;
    if (s.type !== undefined && !typeMatches(n, s.type)) {
      this.push(context, "Value type not permitted by 'type' constraint.");
      ok = false;
    }
    if (s.anyOf !== undefined && !this.anyOf(n, s.anyOf, context)) ok = false;
    if (s.enumValues !== undefined) {
      const text = scalarText(n);
      if (text === undefined || !s.enumValues.has(text)) {
        this.push(context, 'Failed to match against any enum values.');
        ok = false;
      }
    }
    if (s.items !== undefined && n !== null && n.kind === 'seq') {
      const items = n.items;
      for (let i = 0; i < items.length; i++) {
        if (!this.check(items[i], s.items, `${context}[${i}]`)) {
          this.push(context, `Failed to validate item #${i} in array.`);
          ok = false;
        }
      }
    }
    if (s.minProperties === undefined && s.properties === undefined && s.required === undefined) return ok;
    if (!maybeObject(n)) return ok;
    const members = isMap(n) ? n.items.map((p) => [scalarText(p.key) ?? '', p.value] as const) : EMPTY_MEMBERS;
    if (s.minProperties !== undefined && members.length < s.minProperties) {
      this.push(context, `Object should have no fewer than ${s.minProperties} properties.`);
      ok = false;
    }
    if (s.properties !== undefined && !this.properties(members, s, context)) ok = false;
    if (s.required !== undefined) {
      for (const r of s.required) {
        if (!members.some(([k]) => k === r)) {
          this.push(context, `Missing required property '${r}'.`);
          ok = false;
        }
      }
    }
    return ok;
  }

  private anyOf(n: YNode | null, options: readonly Compiled[], context: string): boolean {
    const child = new Validation();
    for (const o of options) if (child.check(n, o, context)) return true;
    for (const e of child.errors) this.errors.push(e);
    this.push(context, 'Failed to validate against any schemas allowed by anyOf constraint.');
    return false;
  }

  /** 'properties' in name order, then additionalProperties: false. */
  private properties(members: readonly (readonly [string, YNode | null])[], s: Compiled, context: string): boolean {
    const props = s.properties as ReadonlyMap<string, Compiled>;
    // The first member of each known name, visited in name order.
    const first = new Map<string, YNode | null>();
    for (const [k, v] of members) if (props.has(k) && !first.has(k)) first.set(k, v);
    const names = first.size > 1 ? [...first.keys()].sort() : [...first.keys()];
    let ok = true;
    for (const name of names) {
      if (!this.check(first.get(name) ?? null, props.get(name) as Compiled, `${context}[${name}]`)) {
        this.push(context, `Failed to validate against schema associated with property name '${name}'.`);
        ok = false;
      }
    }
    if (s.noAdditional && first.size !== members.length) {
      const unwanted = members.find(([k]) => !first.has(k))?.[0] ?? '';
      this.push(
        context,
        `Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: '${unwanted}'.`,
      );
      return false;
    }
    return ok;
  }
}

/**
 * Falco's schema check of a rules file's documents (yaml_helper::loadall_from_string): per document, "ok" or
 * one "failed for <context>: <description>" per problem. The file's schema is valid when the first entry is
 * "ok"; an empty list (no document) means nothing was checked.
 */
export function validateRulesDocuments(docs: readonly (YNode | null)[]): string[] {
  const status: string[] = [];
  for (const d of docs) {
    rootSchema ??= compileSchema(RULE_SCHEMA);
    const v = new Validation();
    if (v.check(d, rootSchema, '<root>')) status.push('ok');
    else for (const e of v.errors) status.push(`failed for ${e.context}: ${e.description}`);
  }
  return status;
}
