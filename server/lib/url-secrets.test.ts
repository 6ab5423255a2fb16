import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from './url-secrets';

describe('redactUrlSecrets', () => {
  it('removes the path, its generated segments and query values, in every encoding, and keeps the rest readable', () => {
    const slack = 'https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/abcdefghijklmnopqrstuvwx';
    expect(
      redactUrlSecrets(`Cannot POST /services/T01ABCDEF/B02GHIJKL/abcdefghijklmnopqrstuvwx`, slack),
    ).toBe('Cannot POST [redacted]');
    expect(redactUrlSecrets('invalid token abcdefghijklmnopqrstuvwx for T01ABCDEF', slack)).toBe(
      'invalid token [redacted] for [redacted]',
    );
    expect(redactUrlSecrets(`upstream ${slack} failed`, slack)).toBe('upstream [redacted] failed');

    const teams =
      'https://x.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zm9v%2Bbar_baz-0123456789';
    const out = redactUrlSecrets(
      'bad sig Zm9v+bar_baz-0123456789 / Zm9v%2Bbar_baz-0123456789 on workflows',
      teams,
    );
    expect(out).toBe('bad sig [redacted] / [redacted] on workflows');

    const basic = 'https://user:hunter2-password@example.com/hook';
    expect(redactUrlSecrets('auth failed for user:hunter2-password', basic)).not.toContain(
      'hunter2-password',
    );
    // Short, word-like parts stay: the message must still say what went wrong.
    expect(redactUrlSecrets('HTTP 500: Internal Server Error', 'https://example.com/hook')).toBe(
      'HTTP 500: Internal Server Error',
    );
    expect(redactUrlSecrets('anything', 'not a url')).toBe('anything');
  });
});
