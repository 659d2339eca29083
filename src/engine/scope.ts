// Evaluation scopes: a snapshot's data with a few names added (an `each` item, an invoice and its payload).

/**
 * `{ ...base, ...extra }`, built by assignment. V8 in Node 20 takes a slow path for an object spread followed by
 * more properties (about 1.2 µs against 0.2 µs for these few keys), and the engine builds one such scope for
 * every rule with items, every invoice and every invoice line.
 */
export function scopeWith(base: object, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) out[key] = (base as Record<string, unknown>)[key];
  for (const key of Object.keys(extra)) out[key] = extra[key];
  return out;
}
