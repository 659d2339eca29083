// JSON Schema (draft-07) of pack.yaml: the pack's name, version, rule folders and contributed settings.
import { FORMATS } from './formats.ts';

const SETTING_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;

export const settingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'default', 'description'],
  properties: {
    type: {
      anyOf: [
        { enum: [...SETTING_TYPES] },
        { type: 'array', items: { enum: [...SETTING_TYPES, 'null'] }, minItems: 1, uniqueItems: true },
      ],
      'x-message': `must be one of ${SETTING_TYPES.join(', ')}, or a list of them (with "null" for an optional value)`,
    },
    default: { description: 'The value when no config sets one; must satisfy this setting schema.' },
    description: { type: 'string', minLength: 1 },
    markdownDescription: { type: 'string' },
    enum: { type: 'array', minItems: 1 },
    enumDescriptions: { type: 'array', items: { type: 'string' } },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    pattern: { type: 'string' },
    format: {
      enum: Object.keys(FORMATS),
      description: 'date: a real calendar day written YYYY-MM-DD; date-time: an ISO 8601 timestamp with zone; email: an e-mail address.',
    },
    items: { type: 'object' },
    uniqueItems: { type: 'boolean' },
  },
} as const;

export const packSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/pack.schema.json',
  title: 'preflight rule pack',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'rules'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', 'x-message': 'must be kebab-case' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$', 'x-message': 'must be a semantic version such as 1.0.0' },
    description: { type: 'string' },
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
