import type { Queryable } from '../../db/types';

export type ArticleKind = 'article' | 'psa_ticket';
export type ArticleOrigin = 'written' | 'file' | 'proposal' | 'psa_ticket';

export type ArticleRow = {
  id: string;
  kind: ArticleKind;
  title: string;
  body: string;
  tags: string[];
  origin: ArticleOrigin;
  origin_ref: string | null;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
  created_by: { id: string; name: string } | null;
  updated_by: { id: string; name: string } | null;
};

export type ArticleListRow = Omit<ArticleRow, 'body'> & { excerpt: string };

export type RevisionRow = {
  id: string;
  title: string;
  body: string;
  tags: string[];
  edited_at: Date;
  edited_by: { id: string; name: string } | null;
};

const person = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name) END`;

const ARTICLE_COLUMNS = `a.id, a.kind, a.title, a.tags, a.origin, a.origin_ref, a.external_id, a.created_at, a.updated_at,
  ${person('cu')} AS created_by, ${person('uu')} AS updated_by`;
const PEOPLE_JOINS = `LEFT JOIN users cu ON cu.id = a.created_by LEFT JOIN users uu ON uu.id = a.updated_by`;

/** Title, tags and body weighted in that order, as the search and the engine read them. */
export const ARTICLE_TSVECTOR = `setweight(to_tsvector('english', $title), 'A') || setweight(to_tsvector('english', $tags), 'B') || setweight(to_tsvector('english', $body), 'C')`;
const tsvector = (title: string, tags: string, body: string) =>
  ARTICLE_TSVECTOR.replace('$title', title).replace('$tags', tags).replace('$body', body);

export type NewArticle = {
  id: string;
  accountId: string;
  kind: ArticleKind;
  title: string;
  body: string;
  tags: string[];
  origin: ArticleOrigin;
  originRef: string | null;
  externalId: string | null;
  contentHash: string;
  userId: string | null;
  now: Date;
};

/**
 * Inserts an article and its first revision. Returns false, changing nothing, when the account already
 * holds identical content (or the same PSA ticket): imports skip what they already have.
 */
export async function insertArticle(tx: Queryable, a: NewArticle): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO knowledge_articles (id, account_id, kind, title, body, tags, origin, origin_ref, external_id, content_hash,
       knowledge, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4::text, $5::text, $6::text[], $7, $8, $9, $10, ${tsvector('$4::text', "array_to_string($6::text[], ' ')", '$5::text')}, $11, $11, $12, $12)
     ON CONFLICT DO NOTHING`,
    [
      a.id,
      a.accountId,
      a.kind,
      a.title,
      a.body,
      a.tags,
      a.origin,
      a.originRef,
      a.externalId,
      a.contentHash,
      a.userId,
      a.now,
    ],
  );
  if (rowCount !== 1) return false;
  await insertRevision(tx, a.accountId, a.id, a.userId, a.now);
  return true;
}

async function insertRevision(
  tx: Queryable,
  accountId: string,
  articleId: string,
  userId: string | null,
  now: Date,
) {
  await tx.query(
    `INSERT INTO knowledge_article_revisions (id, account_id, article_id, title, body, tags, edited_by, edited_at)
     SELECT gen_random_uuid(), account_id, id, title, body, tags, $3, $4 FROM knowledge_articles
     WHERE account_id = $1 AND id = $2`,
    [accountId, articleId, userId, now],
  );
}

export async function findArticle(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS}, a.body FROM knowledge_articles a ${PEOPLE_JOINS} WHERE a.account_id = $1 AND a.id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function findArticlesByIds(tx: Queryable, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  const { rows } = await tx.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS}, a.body FROM knowledge_articles a ${PEOPLE_JOINS} WHERE a.account_id = $1 AND a.id = ANY($2::uuid[])`,
    [accountId, ids],
  );
  return rows;
}

export type ArticleFilter = { q?: string; tag?: string; kind?: ArticleKind; limit: number; offset: number };

/** Newest first, or best match first when searching; with the total for paging. */
export async function listArticles(tx: Queryable, accountId: string, f: ArticleFilter) {
  const where = ['a.account_id = $1'];
  const params: unknown[] = [accountId];
  if (f.q) {
    params.push(f.q);
    where.push(`a.knowledge @@ websearch_to_tsquery('english', $${params.length})`);
  }
  if (f.tag) {
    params.push(f.tag);
    where.push(`$${params.length} = ANY(a.tags)`);
  }
  if (f.kind) {
    params.push(f.kind);
    where.push(`a.kind = $${params.length}`);
  }
  const order = f.q
    ? `ts_rank(a.knowledge, websearch_to_tsquery('english', $2)) DESC, a.updated_at DESC`
    : 'a.updated_at DESC';
  const filter = where.join(' AND ');
  const total = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM knowledge_articles a WHERE ${filter}`,
    params,
  );
  const { rows } = await tx.query<ArticleListRow>(
    `SELECT ${ARTICLE_COLUMNS}, left(a.body, 240) AS excerpt FROM knowledge_articles a ${PEOPLE_JOINS}
     WHERE ${filter} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}`,
    params,
  );
  return { rows, total: total.rows[0]!.n };
}

/** The account's tags with how many articles carry each, most used first. */
export async function listTags(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ tag: string; count: number }>(
    `SELECT t AS tag, count(*)::int AS count FROM knowledge_articles, unnest(tags) t
     WHERE account_id = $1 GROUP BY t ORDER BY count DESC, t LIMIT 200`,
    [accountId],
  );
  return rows;
}

export type ArticleChange = {
  title: string;
  body: string;
  tags: string[];
  contentHash: string;
  userId: string;
  now: Date;
};

/** Saves a new version and records it in the history; 'duplicate' when another article has this content. */
export async function updateArticle(tx: Queryable, accountId: string, id: string, c: ArticleChange) {
  const clash = await tx.query(
    `SELECT 1 FROM knowledge_articles WHERE account_id = $1 AND content_hash = $2 AND id <> $3`,
    [accountId, c.contentHash, id],
  );
  if (clash.rowCount) return 'duplicate' as const;
  const { rowCount } = await tx.query(
    `UPDATE knowledge_articles SET title = $3::text, body = $4::text, tags = $5::text[], content_hash = $6,
       knowledge = ${tsvector('$3::text', "array_to_string($5::text[], ' ')", '$4::text')}, updated_by = $7, updated_at = $8
     WHERE account_id = $1 AND id = $2`,
    [accountId, id, c.title, c.body, c.tags, c.contentHash, c.userId, c.now],
  );
  if (rowCount !== 1) return 'missing' as const;
  await insertRevision(tx, accountId, id, c.userId, c.now);
  return 'updated' as const;
}

export async function deleteArticle(tx: Queryable, accountId: string, id: string) {
  const { rowCount } = await tx.query(`DELETE FROM knowledge_articles WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return rowCount === 1;
}

export async function listRevisions(tx: Queryable, accountId: string, articleId: string) {
  const { rows } = await tx.query<RevisionRow>(
    `SELECT r.id, r.title, r.body, r.tags, r.edited_at, ${person('u')} AS edited_by
     FROM knowledge_article_revisions r LEFT JOIN users u ON u.id = r.edited_by
     WHERE r.account_id = $1 AND r.article_id = $2 ORDER BY r.edited_at DESC, r.id LIMIT 100`,
    [accountId, articleId],
  );
  return rows;
}

/** PSA ticket ids the account already holds: a history import takes only new tickets. */
export async function existingExternalIds(tx: Queryable, accountId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const { rows } = await tx.query<{ external_id: string }>(
    `SELECT external_id FROM knowledge_articles WHERE account_id = $1 AND external_id = ANY($2::text[])`,
    [accountId, ids],
  );
  return new Set(rows.map((r) => r.external_id));
}
