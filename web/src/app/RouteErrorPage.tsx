import { useRouteError } from 'react-router';
import { Notice } from '../components/ui/Notice';

/** Last-resort screen when a page throws while rendering, instead of React Router's developer default. */
export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error); // Keep the details for whoever opens the console; people get a plain message.
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <Notice tone="error" title="Something went wrong on this page">
        <p>Reload the page to try again. If it keeps happening, let your administrator know.</p>
        <button type="button" className="mt-3 font-medium underline" onClick={() => window.location.reload()}>
          Reload page
        </button>
      </Notice>
    </div>
  );
}
