import { useCallback, useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies text and reports the result for a few seconds (for an announced "Copied" / "Could not copy").
 * `onFailure` lets a caller help the user copy by hand, e.g. by selecting the text.
 */
export function useCopyToClipboard(onFailure?: () => void) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = useCallback(
    async (text: string) => {
      try {
        await navigator.clipboard.writeText(text);
        setState('copied');
      } catch {
        onFailure?.();
        setState('failed');
      }
    },
    [onFailure],
  );

  return { state, copy };
}
