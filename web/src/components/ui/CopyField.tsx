import { useCallback, useId, useRef } from 'react';
import { useCopyToClipboard } from '../../lib/useCopyToClipboard';
import { Button } from './Button';
import { controlClasses, labelClasses } from './fieldStyles';
import { CheckIcon, CopyIcon } from './icons';

interface CopyFieldProps {
  label: string;
  value: string;
  /** Focus the Copy button on mount: used when this replaces the form that was just submitted. */
  autoFocus?: boolean;
}

/** A read-only value (invite link, API token) with a Copy button and an announced result. */
export function CopyField({ label, value, autoFocus = false }: CopyFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // Clipboard access needs a secure context and permission; selecting the text keeps Ctrl+C one step away.
  const selectText = useCallback(() => inputRef.current?.select(), []);
  const { state, copy: copyText } = useCopyToClipboard(selectText);
  const copy = () => void copyText(value);

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClasses}>
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={inputRef}
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className={controlClasses(false, 'h-10 font-mono text-xs')}
        />
        <Button onClick={copy} autoFocus={autoFocus} aria-label={`Copy ${label}`}>
          {state === 'copied' ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />}
          <span aria-hidden="true">{state === 'copied' ? 'Copied' : 'Copy'}</span>
        </Button>
      </div>
      <p role="status" className="min-h-5 text-sm text-slate-600 dark:text-slate-400">
        {state === 'copied' && 'Copied to clipboard.'}
        {state === 'failed' &&
          'Could not copy automatically. The text is selected; press Ctrl+C (⌘C on Mac).'}
      </p>
    </div>
  );
}
