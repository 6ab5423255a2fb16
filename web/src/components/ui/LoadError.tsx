import { errorMessage } from '../../lib/errors';
import { Button } from './Button';
import { Notice } from './Notice';

/** A failed load: the server's reason plus a way to try again without reloading the page. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry: () => void; what: string }) {
  return (
    <Notice tone="error" title={`Could not load ${what}`}>
      <p>{errorMessage(error)}</p>
      <Button size="sm" className="mt-3" onClick={onRetry}>
        Try again
      </Button>
    </Notice>
  );
}
