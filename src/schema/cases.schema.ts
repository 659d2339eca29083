// JSON Schema (draft-07) of a rule's cases file (<id>.cases.yaml): passing and failing snapshots, strictly.

const expectation = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'outcome'],
  properties: {
    key: { type: 'string', minLength: 1, description: 'The finding key: the rule id, or ruleId/itemKey.' },
    outcome: {
      enum: ['pass', 'fail', 'not-evaluable', 'blocked', 'not-applicable'],
      description: 'The outcome the finding must have.',
    },
    messageIncludes: { type: 'string', minLength: 1, description: 'Text the finding message must contain.' },
  },
};

export const casesSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/cases.schema.json',
  title: 'preflight rule cases',
  description:
    'Cases for one rule, run by `preflight test`. Each case patches the base snapshot and lists the findings it must produce. Every fail, not-evaluable and blocked finding of the rule must be listed.',
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'cases'],
  properties: {
    rule: { type: 'string', description: 'The rule id; equals the file name without .cases.yaml.' },
    base: { type: 'string', description: 'Snapshot file (relative to this file) that every case patches.' },
    baseInvoice: {
      type: 'string',
      description: 'For invoice-scope rules: a Procore invoice (JSON, relative to this file) that every case patches with `invoice`.',
    },
    cases: {
      type: 'array',
      minItems: 2,
      description: 'At least one passing and one failing case.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'expect'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'What the case shows; unique in the file.' },
          patch: { type: 'object', description: 'Merged into the base snapshot: mappings merge, other values replace.' },
          remove: { type: 'array', items: { type: 'string' }, description: 'Fact paths deleted from the snapshot after patching.' },
          settings: { type: 'object', description: 'Setting values for this case, by dotted name.' },
          invoice: { type: 'object', description: 'Invoice-scope rules: merged into the base invoice (mappings merge, lists replace).' },
          earlier: {
            type: 'array',
            items: { type: 'object' },
            description: 'Invoice-scope rules: invoices read before this one in the same run, each a patch of the base invoice.',
          },
          ledger: {
            type: 'array',
            description: 'Invoice-scope rules: earlier exports on record.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['vendor', 'invoice', 'procoreId', 'hash'],
              properties: {
                vendor: { type: 'string', description: 'The Procore vendor id of the exported invoice.' },
                invoice: { type: 'string', description: 'Its invoice number.' },
                procoreId: { type: 'string', description: 'Its Procore id.' },
                hash: { type: 'string', description: 'The hash of the invoice as it was exported.' },
              },
            },
          },
          allowReexport: { type: 'boolean', description: 'Invoice-scope rules: as `export --allow-reexport`.' },
          expect: { type: 'array', minItems: 1, items: expectation, description: "The rule's findings this case must produce." },
        },
      },
    },
  },
} as const;
