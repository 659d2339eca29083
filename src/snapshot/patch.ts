// Builds a snapshot from a base and a patch (rule cases, doc examples): merge mappings, replace the rest.

export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isMapping(base) || !isMapping(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...structuredClone(base) };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? mergePatch(out[k], v) : structuredClone(v);
  return out;
}

/** Deletes a dotted fact path; true when something was there to delete. */
export function removePath(root: Record<string, unknown>, path: string): boolean {
  const segments = path.split('.');
  let node: unknown = root;
  for (const seg of segments.slice(0, -1)) {
    if (!isMapping(node) || !Object.prototype.hasOwnProperty.call(node, seg)) return false;
    node = node[seg];
  }
  const last = segments[segments.length - 1];
  if (!isMapping(node) || !Object.prototype.hasOwnProperty.call(node, last)) return false;
  delete node[last];
  return true;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
