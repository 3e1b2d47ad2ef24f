// The JSON schema of rules files (--rule-schema): the items and keys the loader accepts, with their types.
// Written for Peregrine from the loader's own rules (src/rules/reader.ts), in JSON Schema draft-07.

const stringOrNull = { type: ['string', 'null'] };
const overrideOp = { type: 'string', enum: ['append', 'replace'] };
const exceptionEntry = {
  anyOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#/definitions/ExceptionEntry' } }],
};

export const RULE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://peregrine.invalid/schemas/rules.json',
  title: 'Falco rules file (as Peregrine loads it)',
  type: 'array',
  items: { $ref: '#/definitions/Item' },
  definitions: {
    Item: {
      anyOf: [
        { $ref: '#/definitions/RequiredEngineVersion' },
        { $ref: '#/definitions/RequiredPluginVersions' },
        { $ref: '#/definitions/List' },
        { $ref: '#/definitions/Macro' },
        { $ref: '#/definitions/Rule' },
      ],
    },
    RequiredEngineVersion: {
      type: 'object',
      properties: { required_engine_version: { type: ['string', 'integer'] } },
      required: ['required_engine_version'],
      additionalProperties: false,
    },
    RequiredPluginVersions: {
      type: 'object',
      properties: {
        required_plugin_versions: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              version: { type: 'string' },
              alternatives: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { name: { type: 'string' }, version: { type: 'string' } },
                  required: ['name', 'version'],
                },
              },
            },
            required: ['name', 'version'],
          },
        },
      },
      required: ['required_plugin_versions'],
      additionalProperties: false,
    },
    List: {
      type: 'object',
      properties: {
        list: { type: 'string' },
        items: { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
        append: { type: 'boolean' },
        override: { type: 'object', properties: { items: overrideOp }, additionalProperties: false },
      },
      required: ['list', 'items'],
      additionalProperties: false,
    },
    Macro: {
      type: 'object',
      properties: {
        macro: { type: 'string' },
        condition: { type: 'string' },
        append: { type: 'boolean' },
        override: { type: 'object', properties: { condition: overrideOp }, additionalProperties: false },
      },
      required: ['macro', 'condition'],
      additionalProperties: false,
    },
    Priority: {
      type: 'string',
      pattern:
        '^([Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]|[Aa][Ll][Ee][Rr][Tt]|[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]|[Ee][Rr][Rr][Oo][Rr]|[Ww][Aa][Rr][Nn][Ii][Nn][Gg]|[Nn][Oo][Tt][Ii][Cc][Ee]|[Ii][Nn][Ff][Oo]([Rr][Mm][Aa][Tt][Ii][Oo][Nn][Aa][Ll])?|[Dd][Ee][Bb][Uu][Gg])$',
    },
    ExceptionEntry: exceptionEntry,
    Exception: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        fields: exceptionEntry,
        comps: exceptionEntry,
        values: { type: 'array', items: exceptionEntry },
      },
      required: ['name'],
      additionalProperties: false,
    },
    Rule: {
      type: 'object',
      properties: {
        rule: { type: 'string' },
        condition: { type: 'string' },
        output: { type: 'string' },
        desc: { type: 'string' },
        priority: { $ref: '#/definitions/Priority' },
        source: stringOrNull,
        enabled: { type: 'boolean' },
        capture: { type: 'boolean' },
        capture_duration: { type: 'integer', minimum: 0 },
        warn_evttypes: { type: 'boolean' },
        'skip-if-unknown-filter': { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        exceptions: { type: 'array', items: { $ref: '#/definitions/Exception' } },
        append: { type: 'boolean' },
        override: {
          type: 'object',
          properties: {
            condition: overrideOp,
            output: overrideOp,
            desc: overrideOp,
            tags: overrideOp,
            exceptions: overrideOp,
            priority: { const: 'replace' },
            capture: { const: 'replace' },
            capture_duration: { const: 'replace' },
            enabled: { const: 'replace' },
            warn_evttypes: { const: 'replace' },
            'skip-if-unknown-filter': { const: 'replace' },
          },
          additionalProperties: false,
        },
      },
      required: ['rule'],
      additionalProperties: false,
    },
  },
} as const;
