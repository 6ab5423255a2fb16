import type { AccountKnowledge, AccountMatch } from '../../ai/builtin/knowledge';
import { withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { searchResolvedSessions } from '../sessions/sessions.repo';
import { searchAccountDocuments } from './account-search.repo';
import { findArticlesByIds } from './articles.repo';
import { findRunbooksByIds } from './runbooks.repo';

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
          searchAccountDocuments(tx, words),
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
