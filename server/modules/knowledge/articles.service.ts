import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { conflict, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import * as repo from './articles.repo';
import { contentHash } from './content-hash';
import { assertMayWriteKnowledge } from './knowledge.permissions';

export type ArticleInput = { title: string; body: string; tags?: string[] };

/** Tags are compared case-insensitively and kept once each. */
export const normaliseTags = (tags: string[] = []) => [
  ...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean)),
];

const articleHash = (title: string, body: string) => contentHash(title, body);

export type ArticleProvenance =
  | { origin: 'written' }
  | { origin: 'file'; file: string }
  | { origin: 'proposal'; proposalId: string }
  | { origin: 'psa_ticket'; ticketNumber: string };

/**
 * Saves one article inside the caller's tenant transaction: the one path every producer (the
 * editor, file imports, approved proposals, the PSA history) writes through. Returns the new id, or
 * null when the account already holds identical content or the same PSA ticket (nothing changes).
 */
export async function saveArticle(
  tx: Queryable,
  accountId: string,
  input: ArticleInput & { kind?: repo.ArticleKind; externalId?: string },
  provenance: ArticleProvenance,
  userId: string | null,
  now: Date,
): Promise<string | null> {
  const id = newId();
  const title = input.title.trim();
  const body = input.body.trim();
  const ref =
    provenance.origin === 'file'
      ? provenance.file
      : provenance.origin === 'proposal'
        ? provenance.proposalId
        : provenance.origin === 'psa_ticket'
          ? provenance.ticketNumber
          : null;
  const inserted = await repo.insertArticle(tx, {
    id,
    accountId,
    kind: input.kind ?? 'article',
    title,
    body,
    tags: normaliseTags(input.tags),
    origin: provenance.origin,
    originRef: ref,
    externalId: input.externalId ?? null,
    contentHash: articleHash(title, body),
    userId,
    now,
  });
  return inserted ? id : null;
}

const duplicate = () =>
  conflict('DUPLICATE_ARTICLE', 'An article with the same title and text already exists in this account');

export async function createArticle(ctx: Ctx, input: ArticleInput) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const id = await saveArticle(tx, accountId, input, { origin: 'written' }, userId, ctx.now);
    if (!id) throw duplicate();
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'knowledge.article_created',
        targetType: 'article',
        targetId: id,
      },
      ctx.now,
    );
    return (await repo.findArticle(tx, accountId, id))!;
  });
}

export function getArticle(ctx: Ctx, id: string) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const article = await repo.findArticle(tx, accountId, id);
    if (!article) throw notFound('Article');
    return { article, revisions: await repo.listRevisions(tx, accountId, id) };
  });
}

export function listArticles(ctx: Ctx, filter: repo.ArticleFilter) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => ({
    ...(await repo.listArticles(tx, accountId, filter)),
    tags: await repo.listTags(tx, accountId),
  }));
}

export async function updateArticle(ctx: Ctx, id: string, change: Partial<ArticleInput>) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const current = await repo.findArticle(tx, accountId, id);
    if (!current) throw notFound('Article');
    const title = (change.title ?? current.title).trim();
    const body = (change.body ?? current.body).trim();
    const tags = change.tags ? normaliseTags(change.tags) : current.tags;
    const result = await repo.updateArticle(tx, accountId, id, {
      title,
      body,
      tags,
      contentHash: articleHash(title, body),
      userId,
      now: ctx.now,
    });
    if (result === 'duplicate') throw duplicate();
    if (result === 'missing') throw notFound('Article');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'knowledge.article_updated',
        targetType: 'article',
        targetId: id,
      },
      ctx.now,
    );
    return (await repo.findArticle(tx, accountId, id))!;
  });
}

export async function deleteArticle(ctx: Ctx, id: string) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  await withTenant(ctx.db, accountId, async (tx) => {
    const article = await repo.findArticle(tx, accountId, id);
    if (!article || !(await repo.deleteArticle(tx, accountId, id))) throw notFound('Article');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'knowledge.article_deleted',
        targetType: 'article',
        targetId: id,
        details: { title: article.title },
      },
      ctx.now,
    );
  });
}
