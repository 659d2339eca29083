// Removes credentials and tokens from any text before it reaches a stream, a log, a message or a file.

export const REDACTED = '[redacted]';

export interface Redactor {
  (text: string): string;
  /** Adds a secret learnt later (an access token). */
  add(secret: string | undefined): void;
}

/**
 * A server may echo a secret raw, JSON-escaped or URL-encoded (it was sent in a form body), so each
 * secret is removed in all three spellings; the longest first, so no part of a longer one survives.
 */
export function createRedactor(secrets: (string | undefined)[] = []): Redactor {
  const forms = new Set<string>();
  const redact = ((text: string) => {
    let out = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
    return out;
  }) as Redactor;
  redact.add = (secret) => {
    if (!secret) return;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
      if (form) forms.add(form);
    }
  };
  for (const s of secrets) redact.add(s);
  return redact;
}
