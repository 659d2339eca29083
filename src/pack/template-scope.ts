// What a rule's message templates see (engine/finding.ts renders them): the snapshot's facts, the pack's settings,
// the rule's values and `each` item, and for an invoice rule the invoice with what the export works out for it
// (the scope engine/invoice.ts builds: computed, payload, import and export facts).
import { snapshotSchema } from '../schema/snapshot.schema.ts';
import { invoiceSchema } from '../schema/invoice.schema.ts';
import type { CompiledMapping, MappingField } from './mapping.ts';
import type { SettingSpec } from './types.ts';
import type { TemplateView } from './template-paths.ts';
import { ANY, elementsOf, member, type Shape } from './template-shape.ts';

/** What of a rule decides what its templates see. */
export interface TemplateRule {
  scope: 'snapshot' | 'invoice';
  each?: unknown;
  values?: Record<string, unknown>;
}

const TEXT: Shape = { type: 'string' };
const MAYBE_TEXT: Shape = { type: ['string', 'null'] };
const BOOLEAN: Shape = { type: 'boolean' };
const INTEGER: Shape = { type: 'integer' };

const closed = (properties: Record<string, Shape>, nullable = false): Shape => ({ type: nullable ? ['object', 'null'] : 'object', additionalProperties: false, properties });
const listOf = (items: Shape): Shape => ({ type: 'array', items });

/** The import layout's facts about one invoice (layout.ts ImportFacts), which the import rules iterate. */
const IMPORT_FACTS: Shape = closed({
  lengths: listOf(closed({ key: TEXT, label: TEXT, value: TEXT, size: INTEGER, limit: TEXT, tooLong: BOOLEAN })),
  amounts: listOf(closed({ key: TEXT, label: TEXT, value: TEXT, limit: TEXT, fits: BOOLEAN, misfit: MAYBE_TEXT })),
  texts: listOf(closed({ key: TEXT, label: TEXT, value: TEXT, limit: TEXT, unencodable: MAYBE_TEXT, lineBreak: MAYBE_TEXT })),
  required: listOf(closed({ key: TEXT, label: TEXT, limit: TEXT, blank: BOOLEAN })),
  dates: listOf(closed({ key: TEXT, label: TEXT, value: TEXT, limit: TEXT, year: { type: ['integer', 'null'] }, twoDigitYear: BOOLEAN })),
});

/** The run's facts about one invoice: duplicates in the run, the ledger, Sage. */
const EXPORT_FACTS: Shape = closed({
  earlierInRun: MAYBE_TEXT,
  previousExport: closed({ vendor: TEXT, invoice: TEXT, procoreId: TEXT, hash: TEXT, sameContent: BOOLEAN }, true),
  inSage: BOOLEAN,
  allowReexport: BOOLEAN,
  asOf: TEXT,
});

const TOTALS: Shape = closed({ distributionAmount: MAYBE_TEXT, distributionRetainage: MAYBE_TEXT, gap: MAYBE_TEXT });

/** A mapping section's fields (each typed value is text or null); without the mapping, anything. */
function fieldsOf(fields: MappingField[] | undefined): Shape {
  return fields ? closed(Object.fromEntries(fields.map((f) => [f.name, MAYBE_TEXT]))) : ANY;
}

/** What an invoice rule sees besides the snapshot. */
function invoiceScope(mapping: CompiledMapping | undefined): Record<string, Shape> {
  const distribution = fieldsOf(mapping?.distribution);
  const line: Shape = {
    type: 'object',
    properties: { line: INTEGER, ...distribution.properties, procore: invoiceSchema.properties.items.items as unknown as Shape },
    additionalProperties: mapping ? false : true,
  };
  return {
    invoice: invoiceSchema as unknown as Shape,
    computed: fieldsOf(mapping?.computed),
    payload: closed({ header: fieldsOf(mapping?.header), distributions: listOf(distribution), totals: TOTALS, lines: listOf(line) }),
    import: IMPORT_FACTS,
    export: EXPORT_FACTS,
  };
}

const ABSENT: Readonly<Record<string, string>> = {
  item: 'only a rule with `each` has an item, and this rule has none',
  itemKey: 'only a rule with `each` has an itemKey, and this rule has none',
  values: 'the rule declares no `values`',
  ...Object.fromEntries(['invoice', 'computed', 'payload', 'import', 'export'].map((name) => [name, 'only an invoice rule (scope: invoice) sees it'])),
};

/** What every rule of a pack sees, by scope; each rule adds its values and item (see ruleTemplateView). */
export interface PackTemplateScope {
  settings: ReadonlyMap<string, Shape>;
  roots: Record<TemplateRule['scope'], Record<string, Shape>>;
}

/**
 * What the rules of a pack see. `mapping`: the pack's export mapping, which names an invoice rule's computed and
 * payload fields; without it (a command that does not load it) those fields are not checked.
 */
export function packTemplateScope(settings: ReadonlyMap<string, SettingSpec>, mapping: CompiledMapping | undefined): PackTemplateScope {
  const shapes = new Map([...settings].map(([name, spec]) => [name, spec.schema as Shape]));
  const snapshot = { ...(snapshotSchema.properties as unknown as Record<string, Shape>), settings: closed(Object.fromEntries(shapes)) };
  return { settings: shapes, roots: { snapshot, invoice: { ...snapshot, ...invoiceScope(mapping) } } };
}

/** The view of one rule's templates. */
export function ruleTemplateView(rule: TemplateRule, pack: PackTemplateScope): TemplateView {
  const properties: Record<string, Shape> = { ...pack.roots[rule.scope] };
  if (rule.values) properties.values = closed(Object.fromEntries(Object.keys(rule.values).map((name) => [name, ANY])));
  if (rule.each !== undefined) {
    const each = typeof rule.each === 'string' ? { var: rule.each } : rule.each;
    properties.item = elementsOf(listShape(each, { properties }, pack.settings))?.item ?? ANY;
    properties.itemKey = TEXT;
  }
  return { root: closed(properties), settings: pack.settings, absent: ABSENT };
}

/**
 * The declared shape of what an `each` expression yields: a fact path or setting, the values or a filter of one;
 * anything else it computes is not checked.
 */
function listShape(logic: unknown, root: Shape, settings: ReadonlyMap<string, Shape>): Shape {
  if (logic === null || typeof logic !== 'object' || Array.isArray(logic)) return ANY;
  const [op, args] = Object.entries(logic)[0] ?? [];
  const first = Array.isArray(args) ? args[0] : args;
  switch (op) {
    case 'var': {
      let shape: Shape | undefined = root;
      for (const seg of typeof first === 'string' && first !== '' ? first.split('.') : []) shape = shape && member(shape, seg);
      return shape ?? ANY;
    }
    case 'setting':
      return (typeof first === 'string' && settings.get(first)) || ANY;
    case 'values':
    case 'filter':
      return listOf(elementsOf(listShape(first, root, settings))?.item ?? ANY);
    case 'keys':
      return listOf(TEXT);
    default:
      return ANY;
  }
}
