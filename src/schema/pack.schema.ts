// JSON Schema (draft-07) of pack.yaml: the pack's name, version, rule folders and contributed settings.
import { FORMATS } from './formats.ts';

const SETTING_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;

export const settingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'default', 'description'],
  description: 'One setting: a JSON Schema for its value, its default and its description, as VS Code settings are declared.',
  properties: {
    type: {
      description: 'The JSON type of the value, or a list of types ("null" for a value that may be unset).',
      anyOf: [
        { enum: [...SETTING_TYPES] },
        { type: 'array', items: { enum: [...SETTING_TYPES, 'null'] }, minItems: 1, uniqueItems: true },
      ],
      'x-message': `must be one of ${SETTING_TYPES.join(', ')}, or a list of them (with "null" for an optional value)`,
    },
    default: { description: 'The value when no config sets one; must satisfy this setting schema.' },
    description: { type: 'string', minLength: 1, description: 'What the setting does; editors show it on hover and --print-config beside the value.' },
    markdownDescription: { type: 'string', description: 'The description with markdown, for editors that render it.' },
    enum: { type: 'array', minItems: 1, description: 'The only values allowed.' },
    enumDescriptions: { type: 'array', items: { type: 'string' }, description: 'One description per enum value, in the same order.' },
    minimum: { type: 'number', description: 'The smallest number allowed.' },
    maximum: { type: 'number', description: 'The largest number allowed.' },
    pattern: { type: 'string', description: 'A regular expression a text value must match.' },
    format: {
      enum: Object.keys(FORMATS),
      description: 'date: a real calendar day written YYYY-MM-DD; date-time: an ISO 8601 timestamp with zone; email: an e-mail address.',
    },
    items: { type: 'object', description: 'For a list: the JSON Schema of each item.' },
    uniqueItems: { type: 'boolean', description: 'For a list: true when an item may not appear twice.' },
  },
} as const;

export const packSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/pack.schema.json',
  title: 'preflight rule pack',
  description: "A rule pack's manifest: its name and version, where its rules are, what the export uses and the settings it contributes.",
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'rules'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', 'x-message': 'must be kebab-case', description: 'The pack name (kebab-case); reports name it.' },
    version: {
      type: 'string',
      pattern: '^\\d+\\.\\d+\\.\\d+$',
      'x-message': 'must be a semantic version such as 1.0.0',
      description: 'The pack version (semantic versioning); reports name it.',
    },
    description: { type: 'string', description: 'What the pack checks, in a sentence or two.' },
    rules: {
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
      description: 'Folders, relative to pack.yaml, whose *.yaml files are rules.',
    },
    export: {
      type: 'object',
      additionalProperties: false,
      required: ['mapping', 'layout'],
      description: 'What `preflight export` uses: the field mapping and the AP import layout, relative to pack.yaml.',
      properties: {
        mapping: { type: 'string', description: 'Field mapping file (mapping.schema.json).' },
        layout: { type: 'string', description: 'AP import layout file (layout.schema.json); `export --layout FILE` replaces it for one run.' },
      },
    },
    settings: {
      type: 'object',
      description: 'Settings the pack contributes, by dotted name, as a VS Code extension contributes configuration.',
      propertyNames: { pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$' },
      additionalProperties: settingSchema,
    },
  },
} as const;
