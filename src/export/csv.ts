// rejections.csv for AP staff: RFC 4180 quoting, CRLF, and no cell a spreadsheet would run as a formula.

export const REJECTION_COLUMNS = ['invoice key', 'source', 'procore id', 'sage vendor', 'vendor name', 'invoice', 'reason key', 'rule', 'field', 'value', 'limit', 'message'];

const SIGNED_NUMBER = /^-\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n']/;

/** One CSV line. A text cell starting with = + @ or - (not a number) gets a leading ' so Excel shows it, never runs it. */
export function csvRow(cells: unknown[]): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return row + '\r\n';
}

function csvCell(c: unknown): string {
  let text = c === null || c === undefined ? '' : typeof c === 'string' ? c : (JSON.stringify(c) ?? '');
  const first = text.charCodeAt(0);
  // = + @ tab CR, or - not starting a number
  if (first === 0x3d || first === 0x2b || first === 0x40 || first === 0x09 || first === 0x0d || (first === 0x2d && !SIGNED_NUMBER.test(text))) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
