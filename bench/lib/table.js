// Renders result rows as a plain-text table; columns are the rows' scalar keys except `command`.
export function renderTable(rows) {
  const columns = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (key === 'command' || (value !== null && typeof value === 'object')) continue;
      if (!columns.includes(key)) columns.push(key);
    }
  }
  const cell = (v) => (v === undefined || v === null ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const numeric = columns.map((c) => rows.every((r) => r[c] == null || typeof r[c] === 'number'));
  const line = (vals) =>
    vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}
