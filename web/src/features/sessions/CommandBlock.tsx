import { CheckIcon, CopyIcon } from '../../components/ui/icons';
import { useCopyToClipboard } from '../../lib/useCopyToClipboard';

/** A command to run, in monospace, with a Copy button whose result is announced. */
export function CommandBlock({ command }: { command: string }) {
  const { state, copy: copyText } = useCopyToClipboard();
  const copy = () => void copyText(command);

  return (
    <div className="space-y-1">
      <div className="flex items-start gap-2 rounded-md bg-slate-900 p-3 text-slate-100 ring-1 ring-slate-800 dark:bg-slate-950">
        <pre
          tabIndex={0}
          aria-label="Command"
          className="min-w-0 flex-1 overflow-x-auto font-mono text-xs leading-relaxed whitespace-pre-wrap break-all"
        >
          <code>{command}</code>
        </pre>
        {/* Its own light-on-dark style: the shared ghost button is dark-on-light. */}
        <button
          type="button"
          onClick={copy}
          aria-label="Copy command"
          className="inline-flex shrink-0 items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-100 hover:bg-slate-700 focus-visible:ring-2 focus-visible:ring-accent-400 focus-visible:outline-none"
        >
          {state === 'copied' ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />}
          <span aria-hidden="true">{state === 'copied' ? 'Copied' : 'Copy'}</span>
        </button>
      </div>
      <p role="status" className="min-h-4 text-xs text-slate-600 dark:text-slate-400">
        {state === 'copied' && 'Command copied.'}
        {state === 'failed' && 'Could not copy automatically; select the command and press Ctrl+C (⌘C).'}
      </p>
    </div>
  );
}
