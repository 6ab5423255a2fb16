import type { AccountKnowledge, AccountMatch } from '../../ai/builtin/knowledge';
import { withTenant } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import { searchResolvedSessions } from '../sessions/sessions.repo';
import { findArticlesByIds } from './articles.repo';
import { findRunbooksByIds } from './runbooks.repo';
import { distinctiveQueries } from './search-query';

// As for resolved sessions: at most this many rows are ranked per search, so cost stays flat as the
// account's library grows, and the best few are read back in full.
const RANKED_ROWS = 400;
const RETURNED_ROWS = 8;

async function searchDocuments(tx: Queryable, words: string[]) {
  for (const query of distinctiveQueries(words)) {
    const { rows } = await tx.query<{ kind: string; id: string }>(
      `SELECT kind, id FROM search_account_knowledge(to_tsquery('english', $1), $2, ${RANKED_ROWS})`,
      [query, RETURNED_ROWS],
    );
    if (rows.length) return rows;
  }
  return [];
}

/**
 * The account's own knowledge as the engine reads it: resolved sessions, articles, PSA tickets and
 * runbooks, found by the distinctive words in one tenant transaction, and the account's copies of
 * the shipped runbooks the engine is about to propose.
 */
export function accountKnowledge(db: Database, accountId: string): AccountKnowledge {
  return {
    search: (words, shippedRunbookIds) =>
      withTenant(db, accountId, async (tx): Promise<AccountMatch[]> => {
        const [sessions, found] = await Promise.all([
          searchResolvedSessions(tx, accountId, words),
          searchDocuments(tx, words),
        ]);
        const articleIds = found.filter((f) => f.kind !== 'runbook').map((f) => f.id);
        const runbookIds = [
          ...new Set([...found.filter((f) => f.kind === 'runbook').map((f) => f.id), ...shippedRunbookIds]),
        ];
        const [articles, runbooks] = await Promise.all([
          findArticlesByIds(tx, accountId, articleIds),
          findRunbooksByIds(tx, accountId, runbookIds),
        ]);
        return [
          ...sessions.map((s) => ({ kind: 'session' as const, ...s })),
          ...articles.map((a) => ({ kind: a.kind, id: a.id, title: a.title, body: a.body, tags: a.tags })),
          ...runbooks.map((r) => ({ kind: 'runbook' as const, runbook: r.document })),
        ];
      }),
  };
}
