// Reads Procore's pagination headers (Link, Total, Per-Page) and decides which page comes next.

/** rel → URL from an RFC 8288 Link header: `<url>; rel="next", <url>; rel="last"`. */
export function parseLink(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2])?.[1];
    if (rel) for (const r of rel.trim().split(/\s+/)) links.set(r.toLowerCase(), m[1]);
  }
  return links;
}

export interface PageHeaders {
  link: string | null;
  total: string | null;
  perPage: string | null;
}

/**
 * The page after `page`, or undefined when this was the last. Procore's Link URLs may drop the other
 * query parameters, so only their page number is taken; without Link, Total and Per-Page decide.
 */
export function nextPage(page: number, received: number, requestedPerPage: number, headers: PageHeaders): number | undefined {
  if (received === 0) return undefined;
  const next = parseLink(headers.link).get('next');
  if (next !== undefined) {
    const n = Number(/[?&]page=(\d+)/.exec(next)?.[1]);
    return Number.isInteger(n) && n > page ? n : undefined;
  }
  const total = Number(headers.total);
  const perPage = Number(headers.perPage) || requestedPerPage;
  if (headers.total !== null && Number.isFinite(total)) return page * perPage < total ? page + 1 : undefined;
  return undefined;
}
