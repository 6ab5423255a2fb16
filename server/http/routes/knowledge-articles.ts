import { createRoute, z } from '@hono/zod-openapi';
import {
  Article,
  ArticleListItem,
  ArticleQuery,
  ArticleRevision,
  CreateArticleBody,
  UpdateArticleBody,
} from '../../modules/knowledge/articles.schemas';
import {
  presentArticle,
  presentArticleListItem,
  presentRevision,
} from '../../modules/knowledge/articles.presenter';
import * as articles from '../../modules/knowledge/articles.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, jsonBody, jsonResponse } from '../openapi';

const tags = ['knowledge'];

const list = createRoute({
  method: 'get',
  path: '/knowledge/articles',
  tags,
  security: cookieAuth,
  summary: 'The account’s articles and imported PSA tickets, searched (q) and filtered by tag (any member)',
  request: { query: ArticleQuery },
  responses: {
    200: jsonResponse(
      z.object({
        items: z.array(ArticleListItem),
        total: z.number().int(),
        tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
      }),
      'Articles',
    ),
    ...commonErrors,
  },
});
const create = createRoute({
  method: 'post',
  path: '/knowledge/articles',
  tags,
  security: cookieAuth,
  summary: 'Write an article in Markdown (engineer, admin, owner); it is knowledge at once',
  request: { body: jsonBody(CreateArticleBody) },
  responses: { 201: jsonResponse(z.object({ article: Article }), 'Created'), ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/knowledge/articles/{id}',
  tags,
  security: cookieAuth,
  summary: 'One article with its edit history, newest version first (any member)',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.object({ article: Article, revisions: z.array(ArticleRevision) }), 'Article'),
    ...commonErrors,
  },
});
const update = createRoute({
  method: 'put',
  path: '/knowledge/articles/{id}',
  tags,
  security: cookieAuth,
  summary: 'Change an article’s title, text or tags (engineer, admin, owner); a new version in its history',
  request: { params: IdParam, body: jsonBody(UpdateArticleBody) },
  responses: { 200: jsonResponse(z.object({ article: Article }), 'Updated'), ...commonErrors },
});
const remove = createRoute({
  method: 'delete',
  path: '/knowledge/articles/{id}',
  tags,
  security: cookieAuth,
  summary: 'Delete an article and its history (engineer, admin, owner)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...commonErrors },
});

export const articleRoutes = createRouter()
  .openapi(list, async (c) => {
    const r = await articles.listArticles(ctxOf(c), c.req.valid('query'));
    return c.json({ items: r.rows.map(presentArticleListItem), total: r.total, tags: r.tags }, 200);
  })
  .openapi(create, async (c) => {
    const article = await articles.createArticle(ctxOf(c), c.req.valid('json'));
    return c.json({ article: presentArticle(article) }, 201);
  })
  .openapi(get, async (c) => {
    const r = await articles.getArticle(ctxOf(c), c.req.valid('param').id);
    return c.json({ article: presentArticle(r.article), revisions: r.revisions.map(presentRevision) }, 200);
  })
  .openapi(update, async (c) => {
    const article = await articles.updateArticle(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ article: presentArticle(article) }, 200);
  })
  .openapi(remove, async (c) => {
    await articles.deleteArticle(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
