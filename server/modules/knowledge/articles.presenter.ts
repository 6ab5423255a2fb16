import type { ArticleListRow, ArticleRow, RevisionRow } from './articles.repo';

const LABELS = {
  written: () => 'Written here',
  file: (ref: string | null) => `Imported from ${ref ?? 'a file'}`,
  proposal: () => 'Approved from a proposal',
  psa_ticket: (ref: string | null) => `PSA ticket #${ref ?? '?'}`,
};

export const presentProvenance = (r: Pick<ArticleRow, 'origin' | 'origin_ref'>) => ({
  type: r.origin,
  ref: r.origin_ref,
  label: LABELS[r.origin](r.origin_ref),
});

const common = (r: Omit<ArticleRow, 'body'>) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  tags: r.tags,
  source: presentProvenance(r),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  created_by: r.created_by,
  updated_by: r.updated_by,
});

export const presentArticle = (r: ArticleRow) => ({ ...common(r), body: r.body });
export const presentArticleListItem = (r: ArticleListRow) => ({ ...common(r), excerpt: r.excerpt });
export const presentRevision = (r: RevisionRow) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  tags: r.tags,
  edited_at: r.edited_at.toISOString(),
  edited_by: r.edited_by,
});
