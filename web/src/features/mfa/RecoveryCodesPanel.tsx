import { useCopyToClipboard } from '../../lib/useCopyToClipboard';
import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';

/** Offers the codes as a text file, so they can be kept in a password manager or printed. */
function download(codes: string[]) {
  const text = ['ResolutionFlow recovery codes (each works once):', '', ...codes, ''].join('\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'resolutionflow-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The ten recovery codes, shown once: copy, download, then confirm they are kept somewhere safe. */
export function RecoveryCodesPanel({
  codes,
  onDone,
  doneLabel = 'Done',
}: {
  codes: string[];
  onDone: () => void;
  doneLabel?: string;
}) {
  const { state, copy } = useCopyToClipboard();
  return (
    <div className="space-y-4">
      <Notice tone="warning" title="Save your recovery codes">
        If you lose your phone, each of these codes signs you in once. They are shown only now.
      </Notice>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm sm:grid-cols-2 dark:bg-slate-800/60"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => void copy(codes.join('\n'))}>Copy codes</Button>
        <Button onClick={() => download(codes)}>Download</Button>
        <Button variant="primary" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
      <p role="status" className="min-h-5 text-sm text-slate-600 dark:text-slate-400">
        {state === 'copied' && 'Codes copied to clipboard.'}
        {state === 'failed' && 'Could not copy automatically; select the codes and copy them by hand.'}
      </p>
    </div>
  );
}
