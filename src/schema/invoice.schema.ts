// JSON Schema (draft-07) of one Procore subcontractor invoice (a requisition, GET /rest/v1.1/requisitions?view=extended).
// Only the shape is checked here: what a value must look like when present. Whether an invoice may be exported
// (status, dates, synced vendor…) is for the invoice rules, so a bad invoice is rejected, not a bad file.

const amount = {
  type: ['string', 'null'],
  pattern: '^-?\\d{1,15}(\\.\\d{1,6})?$',
  'x-message': 'must be an amount written as text with a dot for decimals, such as "1234.56" (Procore sends money as strings)',
};
// Amounts and dates are told apart from other values by their x-message (see INVOICE_MONEY_KEYS).
const money = (description: string) => ({ ...amount, description });
const quantity = { ...amount, 'x-message': 'must be a quantity written as text, such as "1250.000"' };
const id = (description: string) => ({ type: ['integer', 'string'], minimum: 0, pattern: '^[A-Za-z0-9_.:-]{1,64}$', description });
const optionalId = (description: string) => ({ ...id(description), type: ['integer', 'string', 'null'] });
// The form only: a day the calendar does not have (2026-02-30) rejects the invoice, not the file (INVOICE_DATE_KEYS).
const date = {
  type: ['string', 'null'],
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  'x-message': 'must be a date written YYYY-MM-DD, such as "2026-10-31"',
};
const day = (description: string) => ({ ...date, description });
const text = (maxLength: number, description: string) => ({ type: ['string', 'null'], maxLength, description });

const lineItem = {
  type: 'object',
  required: ['id'],
  properties: {
    id: id("The line item's Procore id."),
    position: { type: ['integer', 'null'], description: 'Where the line stands on the invoice (1 is the first).' },
    description_of_work: text(4000, 'What the line bills for, as the subcontractor wrote it.'),
    cost_code_id: optionalId("Procore id of the line's cost code (procore.costCodes)."),
    line_item_type_id: optionalId("Procore id of the line's cost type (procore.costTypes), which becomes the Sage category."),
    sub_job_id: optionalId("Procore id of the line's sub job (procore.subJobs), which becomes the Sage extra."),
    tax_code_id: optionalId("Procore id of the line's tax code, when one is set."),
    accounting_method: {
      type: ['string', 'null'],
      enum: ['amount', 'unit', null],
      description: 'How the line is billed: by amount, or by quantity times unit price.',
    },
    scheduled_value: money("The line's scheduled value: its share of the commitment."),
    work_completed_this_period: money('Work completed this period.'),
    materials_presently_stored: money('Materials stored this period.'),
    materials_presently_stored_from_previous_progress: money('Materials stored in earlier periods and still on site.'),
    work_completed_retainage_retained_this_period: money("Retainage held on this period's work."),
    materials_stored_retainage_new_materials: money('Retainage held on materials newly stored.'),
    work_completed_retainage_released_this_period: money('Retainage on completed work released this period.'),
    materials_stored_retainage_released_this_period: money('Retainage on stored materials released this period.'),
    // Unit-price lines (accounting_method unit): quantities and the unit price, as Procore's requisition items name them.
    scheduled_quantity: { ...quantity, description: 'For a line billed by unit: the quantity the commitment schedules.' },
    scheduled_unit_price: money('For a line billed by unit: the price of one unit, as scheduled.'),
    work_completed_this_period_quantity: { ...quantity, description: 'For a line billed by unit: the quantity completed (billed) this period.' },
  },
};

export const invoiceSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/invoice.schema.json',
  title: 'Procore subcontractor invoice (requisition)',
  description:
    'One subcontractor invoice in the shape Procore returns it with view=extended: money as strings, line items under `items`. Unknown keys are allowed (Procore sends many more).',
  type: 'object',
  required: ['id', 'vendor_id', 'commitment_id', 'project_id', 'items'],
  properties: {
    id: id("The invoice's Procore id."),
    project_id: id('Procore id of the project (procore.projects).'),
    commitment_id: id('Procore id of the commitment it bills (procore.commitments).'),
    vendor_id: id('Procore id of the vendor (procore.vendors).'),
    vendor_name: text(400, 'The vendor name as Procore shows it.'),
    invoice_number: text(400, "The subcontractor's own invoice number; Sage keys the AP invoice by it."),
    number: { type: ['integer', 'string', 'null'], description: "Procore's sequence number of the invoice within its commitment." },
    billing_date: day('The invoice date, YYYY-MM-DD.'),
    accounting_date: day('The accounting date, YYYY-MM-DD; without one, --accounting-date or export.accountingDate applies.'),
    requisition_start: day('The first day of the billing period, YYYY-MM-DD.'),
    requisition_end: day('The last day of the billing period, YYYY-MM-DD.'),
    status: { type: ['string', 'null'], maxLength: 64, description: 'The invoice status in Procore; the invoice rules say which may be exported.' },
    summary: {
      type: 'object',
      description: 'The totals Procore computes for the invoice.',
      properties: {
        current_payment_due: money('The amount due this period, after retainage.'),
        total_retainage: money('All retainage held to date.'),
        completed_work_retainage_amount: money('Retainage held on completed work.'),
        stored_materials_retainage_amount: money('Retainage held on stored materials.'),
        total_completed_and_stored_to_date: money('Work completed and materials stored, to date.'),
        new_materials: money('Materials newly stored this period.'),
        stored_materials: money('Materials stored to date.'),
      },
    },
    items: {
      type: 'array',
      maxItems: 5000,
      items: lineItem,
      description: 'Line items; Procore includes them only with view=extended.',
    },
  },
} as const;

/** Keys whose values are amounts: json-logic float arithmetic on them is refused when the pack loads. */
export const INVOICE_MONEY_KEYS: ReadonlySet<string> = new Set(
  [...Object.entries(invoiceSchema.properties.summary.properties), ...Object.entries(lineItem.properties)]
    .filter(([, s]) => 'x-message' in s && s['x-message'] === amount['x-message'])
    .map(([k]) => k),
);

/** Keys whose values are dates (the billing period's too): an invoice naming a day the calendar lacks is rejected. */
export const INVOICE_DATE_KEYS: readonly string[] = Object.entries(invoiceSchema.properties)
  .filter(([, s]) => 'x-message' in s && s['x-message'] === date['x-message'])
  .map(([k]) => k);
