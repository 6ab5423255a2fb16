import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';
import { RoleGate } from '../../app/RoleGate';
import { LoadingState } from '../../components/ui/Spinner';
import { canWriteKnowledge } from './permissions';

// The pages (and markdown-it with them) load on first visit, so other screens do not pay for them.
const ArticlesScreen = lazy(() => import('./ArticlesPage').then((m) => ({ default: m.ArticlesPage })));
const ArticleScreen = lazy(() => import('./ArticlePage').then((m) => ({ default: m.ArticlePage })));
const NewArticleScreen = lazy(() =>
  import('./ArticleEditorPage').then((m) => ({ default: m.NewArticlePage })),
);
const EditArticleScreen = lazy(() =>
  import('./ArticleEditorPage').then((m) => ({ default: m.EditArticlePage })),
);
const ImportScreen = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));
const ProposalsScreen = lazy(() => import('./ProposalsPage').then((m) => ({ default: m.ProposalsPage })));

function page(Screen: LazyExoticComponent<ComponentType>, writersOnly?: string) {
  const content = (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <Screen />
    </Suspense>
  );
  // Techs and viewers read knowledge; reaching a writing page by URL explains why it is closed.
  return writersOnly ? (
    <RoleGate allow={canWriteKnowledge} area={writersOnly}>
      {content}
    </RoleGate>
  ) : (
    content
  );
}

/** Children of the signed-in layout. Runbook pages (./runbooks) add their own routes beside these. */
export const knowledgeRoutes: RouteObject[] = [
  { path: 'knowledge', element: page(ArticlesScreen) },
  { path: 'knowledge/articles/new', element: page(NewArticleScreen, 'Writing articles') },
  { path: 'knowledge/articles/:id', element: page(ArticleScreen) },
  { path: 'knowledge/articles/:id/edit', element: page(EditArticleScreen, 'Editing articles') },
  { path: 'knowledge/import', element: page(ImportScreen, 'Knowledge import') },
  { path: 'knowledge/proposals', element: page(ProposalsScreen) },
];
