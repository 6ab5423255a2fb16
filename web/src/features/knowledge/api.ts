import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';

type ArticleKind = Schemas['Article']['kind'];

export const ARTICLES_PAGE_SIZE = 20;

export interface ArticleFilters {
  q?: string;
  tag?: string;
  kind?: ArticleKind;
  offset?: number;
}

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  articles: ['knowledge', 'articles'] as const,
  articleList: (filters: ArticleFilters) => ['knowledge', 'articles', 'list', filters] as const,
  article: (id: string) => ['knowledge', 'articles', 'one', id] as const,
  imports: ['knowledge', 'imports'] as const,
  importJob: (id: string) => ['knowledge', 'imports', 'one', id] as const,
  proposals: ['knowledge', 'proposals'] as const,
};

/** Empty filters are left out so the URL stays short. */
export function articleListQuery(filters: ArticleFilters) {
  return {
    q: filters.q || undefined,
    tag: filters.tag || undefined,
    kind: filters.kind || undefined,
    limit: ARTICLES_PAGE_SIZE,
    offset: filters.offset ?? 0,
  };
}

export function useArticleList(filters: ArticleFilters) {
  return useQuery({
    queryKey: knowledgeKeys.articleList(filters),
    queryFn: ({ signal }) =>
      dataOf(api.GET('/knowledge/articles', { params: { query: articleListQuery(filters) }, signal })),
    // Typing in the search box keeps the previous results on screen instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string) {
  return useQuery({
    queryKey: knowledgeKeys.article(id),
    queryFn: ({ signal }) =>
      dataOf(api.GET('/knowledge/articles/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas['CreateArticle']) => dataOf(api.POST('/knowledge/articles', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles }),
  });
}

export function useUpdateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Schemas['UpdateArticle'] }) =>
      dataOf(api.PUT('/knowledge/articles/{id}', { params: { path: { id } }, body: changes })),
    // The history gains a revision, so the whole article (not just its fields) is refetched.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles }),
  });
}

export function useDeleteArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/knowledge/articles/{id}', { params: { path: { id } } })),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: knowledgeKeys.article(id) });
      return queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles });
    },
  });
}

/** "vpn, Outlook ,, mfa" → ["vpn", "Outlook", "mfa"]: blanks and repeats dropped, order kept. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}
