import { useState, type ChangeEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { labelClasses, hintClasses } from '../../components/ui/fieldStyles';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { IMPORT_EXTENSIONS, isImportable, uploadName, useUploadImport } from './importApi';
import { ImportProgress } from './ImportProgress';
import { KnowledgeHeader } from './KnowledgeHeader';
import { RecentImports } from './RecentImports';

const ACCEPT = IMPORT_EXTENSIONS.join(',');
const SHOWN_NAMES = 8;
const fileInputClasses =
  'block w-full text-sm text-slate-700 dark:text-slate-300 file:mr-3 file:rounded-md file:border file:border-slate-300 ' +
  'file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50 ' +
  'dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100 dark:hover:file:bg-slate-800';

export function ImportPage() {
  usePageTitle('Import knowledge');
  const [params, setParams] = useSearchParams();
  const importId = params.get('import');
  // The running import lives in the URL, so a reload (or a shared link) picks its progress up again.
  const openImport = (id: string) => setParams({ import: id }, { replace: true });

  return (
    <>
      <KnowledgeHeader
        title="Import knowledge"
        description="Bring in the knowledge base you already have. Identical documents are skipped, so importing twice is safe."
      />
      <div className="space-y-6">
        <UploadCard onStarted={openImport} />
        {importId && <ImportProgress key={importId} id={importId} />}
        <RecentImports onOpen={openImport} />
      </div>
    </>
  );
}

function UploadCard({ onStarted }: { onStarted: (id: string) => void }) {
  const { notify } = useToast();
  const upload = useUploadImport();
  const [files, setFiles] = useState<File[]>([]);
  const [ignored, setIgnored] = useState<string[]>([]);

  // Both pickers add to one selection; a folder usually also holds files that are not knowledge.
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])];
    event.target.value = ''; // so choosing the same file again still fires a change
    upload.reset();
    setIgnored((list) => [...list, ...picked.filter((f) => !isImportable(f.name)).map(uploadName)]);
    setFiles((list) => {
      const known = new Set(list.map(uploadName));
      return [...list, ...picked.filter((f) => isImportable(f.name) && !known.has(uploadName(f)))];
    });
  };

  const clear = () => {
    setFiles([]);
    setIgnored([]);
    upload.reset();
  };

  const start = () =>
    upload.mutate(files, {
      onSuccess: ({ import: job }) => {
        notify(`Import started: ${files.length} ${files.length === 1 ? 'file' : 'files'}.`, 'info');
        setFiles([]);
        setIgnored([]);
        onStarted(job.id);
      },
    });

  return (
    <Card
      title="Upload files"
      description="Markdown, text, HTML and Word documents become articles; YAML and JSON files become runbooks; .zip archives of them are unpacked."
    >
      <div className="space-y-5">
        <div className="grid gap-5 sm:grid-cols-2">
          <div className="space-y-1.5">
            <label htmlFor="knowledge-import-files" className={labelClasses}>
              Choose files
            </label>
            <input
              id="knowledge-import-files"
              type="file"
              multiple
              accept={ACCEPT}
              onChange={pick}
              className={fileInputClasses}
            />
            <p className={hintClasses}>{IMPORT_EXTENSIONS.join(' ')}</p>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="knowledge-import-folder" className={labelClasses}>
              Import a folder
            </label>
            <input
              id="knowledge-import-folder"
              type="file"
              multiple
              // Not in React's types: set on the element so the browser offers a folder picker.
              ref={(input) => {
                input?.setAttribute('webkitdirectory', '');
                input?.setAttribute('directory', '');
              }}
              onChange={pick}
              className={fileInputClasses}
            />
            <p className={hintClasses}>Every supported file inside, with its folder path.</p>
          </div>
        </div>

        {files.length > 0 && (
          <div>
            <p className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {files.length} {files.length === 1 ? 'file' : 'files'} selected
            </p>
            <ul
              aria-label="Selected files"
              className="mt-1 space-y-0.5 font-mono text-xs text-slate-700 dark:text-slate-300"
            >
              {files.slice(0, SHOWN_NAMES).map((file) => (
                <li key={uploadName(file)} className="break-all">
                  {uploadName(file)}
                </li>
              ))}
              {files.length > SHOWN_NAMES && <li>…and {files.length - SHOWN_NAMES} more</li>}
            </ul>
          </div>
        )}
        {ignored.length > 0 && (
          <Notice tone="warning">
            {ignored.length} {ignored.length === 1 ? 'file is' : 'files are'} not a supported type and will
            not be uploaded ({ignored.slice(0, 3).join(', ')}
            {ignored.length > 3 ? ', …' : ''}).
          </Notice>
        )}
        {upload.isError && (
          <Notice tone="error" title="The upload was refused">
            {errorMessage(upload.error, 'The upload failed. Please try again.')}
          </Notice>
        )}

        <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
          {(files.length > 0 || ignored.length > 0) && <Button onClick={clear}>Clear selection</Button>}
          <Button variant="primary" disabled={files.length === 0} loading={upload.isPending} onClick={start}>
            {files.length > 0 ? `Import ${files.length} ${files.length === 1 ? 'file' : 'files'}` : 'Import'}
          </Button>
        </div>
      </div>
    </Card>
  );
}
