import { Badge } from '../../../components/ui/Badge';
import type { RunbookOrigin } from './api';

/** "Ours" for the account's runbooks (a fork says so), "Shipped" for the built-in library. */
export function OriginBadge({ origin, forkedFrom }: { origin: RunbookOrigin; forkedFrom?: string | null }) {
  if (origin === 'shipped') return <Badge>Shipped</Badge>;
  return (
    <>
      <Badge tone="accent">Ours</Badge>
      {forkedFrom && <Badge tone="warning">Fork of shipped</Badge>}
    </>
  );
}
