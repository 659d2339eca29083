// How long to wait before trying again: the server's own headers first, capped exponential backoff otherwise.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

/** Equal jitter: half the capped exponential delay, plus a random part of the other half (spreads retries). */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** X-Rate-Limit-Reset is the Unix time (seconds) when the next window opens. */
export function rateLimitResetMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Math.max(0, Number(header.trim()) * 1000 - nowMs);
}
