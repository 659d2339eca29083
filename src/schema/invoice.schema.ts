// JSON Schema (draft-07) of one Procore subcontractor invoice (a requisition, GET /rest/v1.1/requisitions?view=extended).
// Only the shape is checked here: what a value must look like when present. Whether an invoice may be exported
// (status, dates, synced vendor…) is for the invoice rules, so a bad invoice is rejected, not a bad file.

const amount = {
  type: ['string', 'null'],
  pattern: '^-?\\d{1,15}(\\.\\d{1,6})?$',
  'x-message': 'must be an amount written as text with a dot for decimals, such as "1234.56" (Procore sends money as strings)',
};
const quantity = { ...amount, 'x-message': 'must be a quantity written as text, such as "1250.000"' };
const id = { type: ['integer', 'string'], minimum: 0, pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'A Procore id.' };
const optionalId = { ...id, type: ['integer', 'string', 'null'] };
// The form only: a day the calendar does not have (2026-02-30) rejects the invoice, not the file (INVOICE_DATE_KEYS).
const date = {
  type: ['string', 'null'],
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  'x-message': 'must be a date written YYYY-MM-DD, such as "2026-10-31"',
};
const text = (maxLength: number) => ({ type: ['string', 'null'], maxLength });

const lineItem = {
  type: 'object',
  required: ['id'],
  properties: {
    id,
    position: { type: ['integer', 'null'] },
    description_of_work: text(4000),
    cost_code_id: optionalId,
    line_item_type_id: optionalId,
    sub_job_id: optionalId,
    tax_code_id: optionalId,
    accounting_method: { type: ['string', 'null'], enum: ['amount', 'unit', null] },
    scheduled_value: amount,
    work_completed_this_period: amount,
    materials_presently_stored: amount,
    materials_presently_stored_from_previous_progress: amount,
    work_completed_retainage_retained_this_period: amount,
    materials_stored_retainage_new_materials: amount,
    work_completed_retainage_released_this_period: amount,
    materials_stored_retainage_released_this_period: amount,
    // Unit-price lines (accounting_method unit): quantities and the unit price, as Procore's requisition items name them.
    scheduled_quantity: quantity,
    scheduled_unit_price: amount,
    work_completed_this_period_quantity: quantity,
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
    id,
    project_id: id,
    commitment_id: id,
    vendor_id: id,
    vendor_name: text(400),
    invoice_number: text(400),
    number: { type: ['integer', 'string', 'null'] },
    billing_date: date,
    accounting_date: date,
    requisition_start: date,
    requisition_end: date,
    status: { type: ['string', 'null'], maxLength: 64 },
    summary: {
      type: 'object',
      properties: {
        current_payment_due: amount,
        total_retainage: amount,
        completed_work_retainage_amount: amount,
        stored_materials_retainage_amount: amount,
        total_completed_and_stored_to_date: amount,
        new_materials: amount,
        stored_materials: amount,
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
    .filter(([, s]) => s === amount)
    .map(([k]) => k),
);

/** Keys whose values are dates (the billing period's too): an invoice naming a day the calendar lacks is rejected. */
export const INVOICE_DATE_KEYS: readonly string[] = Object.entries(invoiceSchema.properties)
  .filter(([, s]) => s === date)
  .map(([k]) => k);
