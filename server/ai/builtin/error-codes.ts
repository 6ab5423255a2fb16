import { canonicalCode, extractErrorCodes } from './text';

/**
 * How one runbook error code can be recognised in pasted text: canonical codes (0x8004010f,
 * event 4740, error 18456, 5.7.1) compared exactly, or — for symbolic codes such as
 * KRB_AP_ERR_SKEW or caa70004 — the literal string.
 */
export type CodeMatcher = { label: string; canonical: Set<string>; literal: RegExp | null };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function codeMatcher(code: string): CodeMatcher {
  const canonical = new Set(extractErrorCodes(code));
  const bare = canonicalCode(code);
  if (/^(0x[0-9a-f]+|event \d+|error [0-9a-z-]+|[245]\.\d\.\d{1,3}|aadsts\d+)$/.test(bare))
    canonical.add(bare);
  // Users often quote only the number of an Entra code: "error code 53003" for AADSTS53003.
  for (const c of [...canonical]) {
    const aad = /^aadsts(\d+)$/.exec(c);
    if (aad) canonical.add(`error ${aad[1]}`);
  }
  // Literal matching for codes long or distinctive enough not to fire on ordinary words.
  const lower = code.trim().toLowerCase();
  const distinctive =
    lower.length >= 5 && (/\d/.test(lower) || /[_:]/.test(lower) || /^[A-Z_]+$/.test(code.trim()));
  const literal = distinctive ? new RegExp(`(?:^|[^a-z0-9])(?:0x)?${escapeRe(lower)}(?:$|[^a-z0-9])`) : null;
  return { label: code, canonical, literal };
}

/** The runbook codes found in a text. */
export function matchCodes(matchers: CodeMatcher[], text: string, extracted: string[]): string[] {
  const lower = text.toLowerCase();
  const hits: string[] = [];
  for (const m of matchers) {
    if (extracted.some((c) => m.canonical.has(c)) || (m.literal && m.literal.test(lower))) hits.push(m.label);
  }
  return hits;
}
