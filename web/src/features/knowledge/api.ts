import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Article, ArticleInput, ArticleKind, ArticleList, ArticleWithHistory } from './types';

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

/** Empty filters are left out so the URL stays short and cache keys stay stable. */
export function articleListPath(filters: ArticleFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.kind) params.set('kind', filters.kind);
  params.set('limit', String(ARTICLES_PAGE_SIZE));
  params.set('offset', String(filters.offset ?? 0));
  return `/knowledge/articles?${params.toString()}`;
}

export function useArticleList(filters: ArticleFilters) {
  return useQuery({
    queryKey: knowledgeKeys.articleList(filters),
    queryFn: ({ signal }) => api.get<ArticleList>(articleListPath(filters), { signal }),
    // Typing in the search box keeps the previous results on screen instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string) {
  return useQuery({
    queryKey: knowledgeKeys.article(id),
    queryFn: ({ signal }) =>
      api.get<ArticleWithHistory>(`/knowledge/articles/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ArticleInput) => api.post<{ article: Article }>('/knowledge/articles', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles }),
  });
}

export function useUpdateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Partial<ArticleInput> }) =>
      api.put<{ article: Article }>(`/knowledge/articles/${encodeURIComponent(id)}`, changes),
    // The history gains a revision, so the whole article (not just its fields) is refetched.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles }),
  });
}

export function useDeleteArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/knowledge/articles/${encodeURIComponent(id)}`),
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
