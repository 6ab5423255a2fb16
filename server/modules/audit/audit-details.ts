/**
 * What of an entry's details may be shown. The writers store no secrets today (they record which
 * settings changed, never the values), but the log is read by every admin and exported to files, so
 * a value under a name that usually holds a secret is masked here as well: a future writer that
 * slips cannot leak through this page.
 */
const SECRET_NAME =
  /(^|_)(token|tokens|secret|secrets|password|passcode|code|codes|otp|hash|key|private_key|api_key|signature|cookie|credential)$/i;

export const REDACTED = '[redacted]';

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') return redactDetails(value as Record<string, unknown>);
  return value;
}

/** A copy of `details` with every string (or list of strings) under a secret-like name masked. */
export function redactDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    const secretish = SECRET_NAME.test(name);
    if (
      secretish &&
      (typeof value === 'string' || (Array.isArray(value) && value.some((v) => typeof v === 'string')))
    ) {
      out[name] = REDACTED;
    } else {
      out[name] = redactValue(value);
    }
  }
  return out;
}
