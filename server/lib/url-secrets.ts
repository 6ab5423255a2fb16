/**
 * Webhook URLs are credentials: Slack puts the secret in the last path segment, Teams in the `sig`
 * query value, generic receivers anywhere. A receiver's error page often repeats the URL it was
 * called on ("Cannot POST /services/…"), and that text ends up in logs, the delivery log and the
 * "send test" answer. This removes every part of the URL that could be a secret from such text.
 */
const REDACTED = '[redacted]';

/** Long or digit-bearing tokens look generated; short words like "hooks" are left readable. */
const looksSecret = (s: string) => s.length >= 16 || (s.length >= 8 && /\d/.test(s));

export function redactUrlSecrets(text: string, rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return text;
  }
  // The whole URL, its path with the query, and the query alone (when long enough to mean something).
  const parts = new Set<string>(
    [rawUrl, url.href, `${url.pathname}${url.search}`, url.search.slice(1)].filter((p) => p.length >= 8),
  );
  if (url.username) parts.add(url.username);
  if (url.password) parts.add(url.password);
  const add = (s: string) => {
    if (!looksSecret(s)) return;
    parts.add(s);
    try {
      parts.add(decodeURIComponent(s));
    } catch {
      /* not percent-encoded */
    }
    parts.add(encodeURIComponent(s));
  };
  for (const segment of url.pathname.split('/')) add(segment);
  for (const [, value] of url.searchParams) add(value);
  // Longest first, so a whole path is replaced before its segments.
  const ordered = [...parts].filter((p) => p.length > 2).sort((a, b) => b.length - a.length);
  return ordered.reduce((out, part) => out.split(part).join(REDACTED), text);
}
