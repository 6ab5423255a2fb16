/** How many words a query is built from: each OR-ed word widens the set of rows to rank. */
const QUERY_WORDS = 5;

/**
 * Words the `english` text-search configuration drops as stop words (PostgreSQL's snowball list; the
 * engine sends words of three letters or more). In a pair such a word vanishes from the tsquery and
 * leaves its partner alone, so "rows sharing two words" would match every row with the partner.
 */
const POSTGRES_STOP_WORDS = new Set(
  `him his himself hers herself itself myself ourselves yours yourself yourselves theirs themselves ours
  whom these those having doing because until against between into through during above below down out
  off over under further once here there why both each few more most such nor own should don the and but
  for with about from then when where how all any other some not only same too very can will just now
  what which who this that are was were been being have has had does did its our your their they them
  she her while before after again than you`.split(/\s+/),
);

/**
 * The tsquery texts to try, in order, for distinctive words (most distinctive first): rows sharing at
 * least two of the first QUERY_WORDS that are not stop words first; only when none does, rows with one.
 * Words are reduced to [a-z0-9] so nothing a tech typed can break the query syntax.
 */
export function distinctiveQueries(words: string[]): string[] {
  const clean = [...new Set(words.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean))]
    .filter((w) => !POSTGRES_STOP_WORDS.has(w))
    .slice(0, QUERY_WORDS);
  if (!clean.length) return [];
  const pairs = clean.flatMap((a, i) => clean.slice(i + 1).map((b) => `(${a} & ${b})`));
  return pairs.length ? [pairs.join(' | '), clean.join(' | ')] : [clean.join(' | ')];
}
