// rejections.csv for AP staff: RFC 4180 quoting, CRLF, and no cell a spreadsheet would run as a formula.

export const REJECTION_COLUMNS = ['invoice key', 'source', 'procore id', 'sage vendor', 'vendor name', 'invoice', 'reason key', 'rule', 'field', 'value', 'limit', 'message'];

/** One CSV line. A text cell starting with = + @ or - (not a number) gets a leading ' so Excel shows it, never runs it. */
export function csvRow(cells: unknown[]): string {
  return (
    cells
      .map((c) => {
        let text = c === null || c === undefined ? '' : typeof c === 'string' ? c : JSON.stringify(c);
        if (/^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d+(\.\d+)?$/.test(text))) text = `'${text}`;
        return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
