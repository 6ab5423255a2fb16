import { useEffect } from 'react';

/** Keeps the browser tab (and screen reader page announcements) in step with the visible page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ResolutionFlow` : 'ResolutionFlow';
  }, [title]);
}
