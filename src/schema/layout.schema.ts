// JSON Schema (draft-07) of a Sage AP import layout: records and their fields in order, as data a consultant can correct.

const settingRef = {
  type: 'object',
  additionalProperties: false,
  required: ['setting'],
  properties: { setting: { type: 'string', description: 'A pack setting by dotted name, e.g. sage.vendorIdLength.' } },
};

const field = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', minLength: 1, description: "The field as Sage's Import Format prints it." },
    type: {
      enum: ['text', 'number', 'date'],
      description: 'text is written in double quotes (embedded quotes doubled); number bare; date in double quotes.',
    },
    value: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: "The mapping field written here (of the record's level). Without value or constant the field is blank." },
    constant: { type: 'string', description: 'Fixed text, such as the record id.' },
    length: {
      anyOf: [{ type: 'integer', minimum: 1, maximum: 4000 }, settingRef],
      'x-message': 'a whole number of characters, or {setting: name}',
      description: 'The most characters the field holds, or {setting: name} for a length the customer sets (sage.vendorIdLength).',
    },
    format: {
      anyOf: [{ type: 'string', minLength: 1 }, settingRef],
      description: 'number: "-9.2" (sign allowed, 9 integer digits, 2 decimals). date: MM/DD/YYYY, MM/DD/YY, DD/MM/YYYY or YYYY-MM-DD, or {setting: sage.dateFormat}.',
      'x-message': 'a format such as "-9.2" or "MM/DD/YYYY", or {setting: name}',
    },
    required: { type: 'boolean', default: false, description: 'A blank value rejects the invoice.' },
    enabled: {
      anyOf: [{ type: 'boolean' }, settingRef],
      default: true,
      description: "false, or a boolean setting that is false, leaves the field out of the record: a field only some customers' Import Format has.",
      'x-message': 'one of true, false or {setting: name}',
    },
    confirmed: { type: 'boolean', default: false, description: 'true when public Sage documentation confirms this field; the rest follow the customer\'s printed Import Format.' },
    note: { type: 'string', description: 'Anything a reader of the layout should know about this field.' },
  },
};

export const layoutSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/layout.schema.json',
  title: 'preflight AP import layout',
  description: 'The Sage 300 CRE AP Import Invoices file: one invoice record followed by one distribution record per line.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'records'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', 'x-message': 'must be kebab-case', description: 'The layout name (kebab-case).' },
    description: { type: 'string', description: 'Which Sage import the layout is for, and where it comes from.' },
    delimiter: { enum: [','], default: ',', description: 'The character between fields.' },
    lineEnd: { enum: ['CRLF', 'LF'], default: 'CRLF', description: 'What ends each record: CRLF, as Sage on Windows reads it, or LF.' },
    records: {
      description: 'The two records of each invoice.',
      type: 'object',
      additionalProperties: false,
      required: ['invoice', 'distribution'],
      properties: {
        invoice: { $ref: '#/definitions/record', description: 'Written once per invoice, from the mapping header.' },
        distribution: { $ref: '#/definitions/record', description: 'Written once per line item, from the mapping distribution.' },
      },
    },
  },
  definitions: {
    record: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'fields'],
      properties: {
        id: { type: 'string', pattern: '^[A-Z]{2,8}$', description: 'Record id, e.g. APIF or APDF.' },
        description: { type: 'string', description: 'What the record holds.' },
        fields: { type: 'array', minItems: 1, maxItems: 200, items: field, description: 'The fields in the order Sage reads them.' },
      },
    },
  },
} as const;
