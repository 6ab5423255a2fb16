import { useEffect, useState } from 'react';
import { Tabs } from '../../components/ui/Tabs';
import { Textarea } from '../../components/ui/Textarea';
import { Markdown } from './Markdown';

const MODES = [
  { value: 'write', label: 'Write' },
  { value: 'preview', label: 'Preview' },
] as const;
type Mode = (typeof MODES)[number]['value'];

interface MarkdownFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  rows?: number;
}

/** A Markdown textarea with a Write/Preview switch; the preview uses the same safe renderer as the page. */
export function MarkdownField({ label, value, onChange, error, rows = 16 }: MarkdownFieldProps) {
  const [mode, setMode] = useState<Mode>('write');

  // A refused save points at the text: bring the field back so its message can be read and fixed.
  useEffect(() => {
    if (error) setMode('write');
  }, [error]);

  return (
    <Tabs label={`${label}: write or preview`} items={MODES} value={mode} onChange={setMode}>
      {mode === 'write' ? (
        <Textarea
          label={label}
          rows={rows}
          value={value}
          error={error}
          spellCheck
          className="font-mono"
          hint="Markdown: # headings, - lists, `code`, ``` blocks, [links](https://…). HTML is shown as text."
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <div
          aria-label={`${label} preview`}
          role="region"
          className="min-h-40 rounded-md border border-slate-200 px-4 py-3 dark:border-slate-800"
        >
          {value.trim() ? (
            <Markdown source={value} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to preview yet.</p>
          )}
        </div>
      )}
    </Tabs>
  );
}
