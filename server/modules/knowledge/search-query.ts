/**
 * The tsquery texts to try, in order, for a set of distinctive words: rows sharing at least two of
 * them first; only when none does, rows with one. Words are reduced to [a-z0-9] so nothing a tech
 * typed can break the query syntax.
 */
export function distinctiveQueries(words: string[]): string[] {
  const clean = [...new Set(words.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean))];
  if (!clean.length) return [];
  const pairs = clean.flatMap((a, i) => clean.slice(i + 1).map((b) => `(${a} & ${b})`));
  return pairs.length ? [pairs.join(' | '), clean.join(' | ')] : [clean.join(' | ')];
}
