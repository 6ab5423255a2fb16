import { useCallback, useEffect, useState } from 'react';

const PREFIX = /^\(\d+\) /;

/**
 * While the tab is hidden, counts new arrivals and shows them in the tab title as "(N) Title".
 * Coming back to the tab (visible again, or window focus) clears the count and restores the title.
 * Returns the function to call for each arrival.
 */
export function useHiddenArrivalsTitle(): () => void {
  const [count, setCount] = useState(0);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== 'hidden') setCount(0);
    };
    const onFocus = () => setCount(0);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onFocus);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  useEffect(() => {
    if (count === 0) return;
    const original = document.title.replace(PREFIX, '');
    document.title = `(${count}) ${original}`;
    return () => {
      // Only undo our own prefix: the page may have set a new title meanwhile.
      if (document.title === `(${count}) ${original}`) document.title = original;
    };
  }, [count]);

  return useCallback(() => {
    if (document.visibilityState === 'hidden') setCount((n) => n + 1);
  }, []);
}
