// rejections.csv for AP staff: every cell quoted (RFC 4180), CRLF, and no cell a spreadsheet would run as a formula.

export const REJECTION_COLUMNS = ['invoice key', 'source', 'procore id', 'sage vendor', 'vendor name', 'invoice', 'reason key', 'rule', 'field', 'value', 'limit', 'message'];

/**
 * Where a spreadsheet may start a cell inside a cell's text: its start, or after a separator or line break, since
 * some locales split on ";" or tab and ignore our quotes (OWASP, CSV injection). Quotes there are skipped (a
 * quoted "=1" still runs). What follows is a formula when it starts with = + @ tab or CR, or with a - that does
 * not begin a plain signed number (-12.50 stays a number).
 */
const CELL_START = /(?<=^|[,;\t\r\n])(?="*(?:[=+@\t\r]|-(?!\d+(?:\.\d+)?(?:[,;\t\r\n"]|$))))/g;

/** One CSV line: every cell quoted, each place a cell could start guarded with a ' so Excel shows it, never runs it. */
export function csvRow(cells: unknown[]): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return row + '\r\n';
}

function csvCell(c: unknown): string {
  const text = c === null || c === undefined ? '' : typeof c === 'string' ? c : (JSON.stringify(c) ?? '');
  return `"${text.replace(CELL_START, "'").replace(/"/g, '""')}"`;
}
