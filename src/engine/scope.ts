// Evaluation scopes: a snapshot's data with a few names added (an `each` item, an invoice and its payload).

/**
 * `{ ...base, ...extra }`: a copy of base, then the extra names assigned. V8 in Node 20 takes a slow path for an
 * object spread followed by more properties (about 1.2 µs against 0.2 µs for these few keys), while a spread
 * alone is a quick clone (quicker than copying key by key into an empty object); the engine builds one such
 * scope for every rule with items, every invoice and every invoice line. Bases are plain data: their own
 * enumerable keys are the ones Object.keys lists (no symbols).
 */
export function scopeWith(base: object, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(extra)) out[key] = extra[key];
  return out;
}
