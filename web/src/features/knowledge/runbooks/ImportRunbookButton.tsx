import { useRef, type ChangeEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { toDraft, type RunbookDraft } from './draft';

/** What the editor receives in the location state when it opens on an imported file. */
export interface ImportedRunbook {
  draft: RunbookDraft;
  fileName: string;
}

// Runbooks are a few kilobytes; anything this large is the wrong file.
const MAX_BYTES = 1_000_000;

/** Parses the text as JSON when it looks like JSON (sharper messages), otherwise as YAML. */
export async function parseRunbookText(text: string, fileName: string): Promise<unknown> {
  if (/\.json$/i.test(fileName) || /^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`This is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  // Loaded on demand: only people importing a file pay for the YAML parser.
  const { load, YAMLException } = await import('js-yaml');
  try {
    return load(text);
  } catch (error) {
    if (error instanceof YAMLException)
      throw new Error(`This is not valid YAML: ${error.reason} at line ${error.mark.line + 1}.`, {
        cause: error,
      });
    throw error;
  }
}

/**
 * Reads a runbook file in the browser and opens the editor with it. Nothing is sent until the author
 * saves, so they can fix what the schema reports first.
 */
export function ImportRunbookButton({ onError }: { onError: (message: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const setError = onError;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again should still trigger a change
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is larger than 1 MB; a runbook is one YAML or JSON document.`);
      return;
    }
    try {
      const data = await parseRunbookText(await file.text(), file.name);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        setError(`${file.name} does not contain a runbook: expected one document with id, title and steps.`);
        return;
      }
      const state: ImportedRunbook = { draft: toDraft(data), fileName: file.name };
      navigate('/knowledge/runbooks/new', { state });
    } catch (e) {
      setError(`Could not read ${file.name}. ${(e as Error).message}`);
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
        aria-label="Import YAML/JSON runbook file"
        tabIndex={-1}
        className="sr-only"
        onChange={(event) => void onFile(event)}
      />
      <Button onClick={() => input.current?.click()}>Import YAML/JSON</Button>
    </>
  );
}
