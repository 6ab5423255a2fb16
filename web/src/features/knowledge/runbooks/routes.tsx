import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';
import { RoleGate } from '../../../app/RoleGate';
import { LoadingState } from '../../../components/ui/Spinner';
import { canWriteRunbooks } from './api';

// Every runbook page needs the shared knowledge module, and with it zod: load them on first visit so
// the rest of the app does not carry the schema library.
const RunbooksScreen = lazy(() => import('./RunbooksPage').then((m) => ({ default: m.RunbooksPage })));
const RunbookScreen = lazy(() => import('./RunbookPage').then((m) => ({ default: m.RunbookPage })));
const NewRunbookScreen = lazy(() =>
  import('./RunbookEditorPage').then((m) => ({ default: m.NewRunbookPage })),
);
const EditRunbookScreen = lazy(() =>
  import('./RunbookEditorPage').then((m) => ({ default: m.EditRunbookPage })),
);

function page(Screen: LazyExoticComponent<ComponentType>, writersOnly = false) {
  const content = (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <Screen />
    </Suspense>
  );
  // Reaching the editor by URL without the role explains why instead of showing a form that cannot save.
  return writersOnly ? (
    <RoleGate allow={canWriteRunbooks} area="Runbook editing">
      {content}
    </RoleGate>
  ) : (
    content
  );
}

/** Children of the signed-in layout; `/knowledge` itself and the other sections are routed elsewhere. */
export const runbookRoutes: RouteObject[] = [
  { path: 'knowledge/runbooks', element: page(RunbooksScreen) },
  { path: 'knowledge/runbooks/new', element: page(NewRunbookScreen, true) },
  { path: 'knowledge/runbooks/:id', element: page(RunbookScreen) },
  { path: 'knowledge/runbooks/:id/edit', element: page(EditRunbookScreen, true) },
];
