// JSON Schema (draft-07) of a customer config, built from the pack: its settings and rule ids become
// properties with descriptions, so VS Code completes and documents them as it does extension settings.
import type { Pack } from '../pack/types.ts';
import { ruleIdEnum } from './rule.schema.ts';

export const RULE_LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;

const waiver = (rules: ReadonlyMap<string, string>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'approver', 'ticket', 'expires'],
  description: 'One accepted failure: a rule (optionally narrowed by scope) or one finding key, with who accepted it and until when.',
  properties: {
    rule: {
      ...ruleIdEnum(rules),
      description: 'Rule id: waives its failing findings (narrowed by scope).',
      'x-message': 'expected a rule id (to waive one finding, write its key under key:)',
    },
    key: { type: 'string', description: 'One finding key (ruleId or ruleId/itemKey).' },
    scope: {
      type: 'string',
      description: 'With rule: the item the waiver covers (a vendor, a vendor/invoice number, a mapping entity), matched against whole parts of the finding key, never a prefix of its text.',
    },
    reason: { type: 'string', minLength: 1, description: 'Why the failure is accepted.' },
    approver: { type: 'string', minLength: 1, description: 'Who accepted it (name or e-mail).' },
    ticket: { type: 'string', minLength: 1, description: 'The change or support ticket that records the decision.' },
    expires: {
      type: 'string',
      format: 'date',
      'x-message': 'must be a date written YYYY-MM-DD',
      description: 'Last day the waiver applies (inclusive), YYYY-MM-DD.',
    },
  },
});

export function configSchema(pack: Pack): object {
  const settings: Record<string, object> = {};
  for (const s of [...pack.settings.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    settings[s.name] = {
      ...s.schema,
      // yaml-language-server builds completion snippets from defaults and stops offering keys at a null one.
      ...(s.default === null ? {} : { default: s.default }),
      description: s.description,
      ...(s.markdownDescription ? { markdownDescription: s.markdownDescription } : {}),
      ...(s.enumDescriptions ? { enumDescriptions: s.enumDescriptions } : {}),
    };
  }
  const rules: Record<string, object> = {};
  // A rule that cannot be waived is still a rule id (validate says why it cannot be waived); completion says so too.
  const waivable = new Map(pack.rules.map((r) => [r.id, r.waivable ? r.title : `${r.title} (cannot be waived: waivable is false in its rule file)`]));
  for (const r of [...pack.rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    rules[r.id] = { enum: [...RULE_LEVELS], description: `${r.title} (default: ${r.severity})` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://preflight.example/schemas/config.schema.json',
    title: `preflight customer config (${pack.name} ${pack.version})`,
    description: 'One customer: where its snapshot comes from, its settings, rule severities and waivers. Layered: pack defaults → extends (in order) → this file → command-line flags.',
    type: 'object',
    additionalProperties: false,
    properties: {
      customer: { type: 'string', minLength: 1, description: 'Customer name; overrides the snapshot meta.customer in reports.' },
      extends: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Configs applied first, in order (paths relative to this file). "preflight:recommended" is the pack defaults.',
      },
      snapshot: {
        description: 'Where the facts come from: a snapshot file, or live Procore data plus a survey file (paths relative to this file).',
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['live'],
            properties: {
              live: { const: true, description: 'Read the Procore facts from the live API (credentials from PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET).' },
              survey: { type: 'string', description: 'The filled site survey that supplies the hh2, Sage and on-site facts.' },
            },
          },
        ],
        'x-message': 'a snapshot file path, or { live: true, survey: FILE }',
      },
      settings: {
        type: 'object',
        description: 'Pack settings by dotted name.',
        properties: settings,
        additionalProperties: false,
      },
      rules: {
        type: 'object',
        description: 'Severity of any rule by id, or off.',
        properties: rules,
        additionalProperties: false,
      },
      waivers: { type: 'array', items: waiver(waivable), description: 'Failures knowingly accepted, each with an approver, a ticket and an expiry.' },
    },
  };
}
