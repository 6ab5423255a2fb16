import type { Queryable } from '../../db/types';
import { distinctiveQueries } from './search-query';

// At most this many rows are ranked per search, so cost stays flat as the account's library grows,
// and the best few are read back in full. Ranking reads each row's whole tsvector: with 10,000
// articles, 400 put the next step's p99 on PGlite at 30–42 ms; 100 keep it near 26 ms and lose one
// of 100 cited articles in bench/knowledge-eval (rows sharing two distinctive words come first).
const RANKED_ROWS = 100;
const RETURNED_ROWS = 8;

/**
 * The account's articles, PSA tickets and runbooks matching the distinctive words, best first, as
 * (kind, id) pairs. The match runs in `search_account_knowledge` (migration 0013), which uses the GIN
 * index while keeping to the transaction's account; the first query form that finds anything wins.
 */
export async function searchAccountDocuments(tx: Queryable, words: string[]) {
  for (const query of distinctiveQueries(words)) {
    const { rows } = await tx.query<{ kind: string; id: string }>(
      `SELECT kind, id FROM search_account_knowledge(to_tsquery('english', $1), $2, ${RANKED_ROWS})`,
      [query, RETURNED_ROWS],
    );
    if (rows.length) return rows;
  }
  return [];
}
