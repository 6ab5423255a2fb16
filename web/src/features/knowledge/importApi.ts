import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  API_BASE,
  ApiError,
  dataOf,
  getCsrfToken,
  isErrorBody,
  type ResponseOf,
  type Schemas,
} from '../../api/client';
import { knowledgeKeys } from './api';

type KnowledgeImport = Schemas['KnowledgeImport'];

export const IMPORT_POLL_MS = 500;
export const IMPORT_EXTENSIONS = ['.md', '.txt', '.html', '.docx', '.yaml', '.yml', '.json', '.zip'];

export const isFinished = (job: KnowledgeImport) => job.status === 'done' || job.status === 'failed';

export function isImportable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Inside a picked folder the path ("kb/vpn/notes.md") says more than the bare name, so it is sent. */
export const uploadName = (file: File) => file.webkitRelativePath || file.name;

// Said when a proxy or body limit answers without the API's JSON error body.
const STATUS_MESSAGES: Record<number, string> = {
  413: 'The upload is too large. Import fewer files at a time, or split the .zip.',
  415: 'One of the files is of a type that cannot be imported.',
};

/**
 * The shared client only sends JSON, so the multipart upload is its own request; it follows the same
 * rules (same-origin cookie, CSRF header, failures as ApiError with the server's message).
 */
async function uploadFiles(files: File[]): Promise<ResponseOf<'post', '/knowledge/import'>> {
  const form = new FormData();
  for (const file of files) form.append('files', file, uploadName(file));
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}/knowledge/import`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (e.g. a proxy's error page): the status decides the message below.
  }
  if (response.ok) return body as ResponseOf<'post', '/knowledge/import'>;
  const error = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  throw new ApiError({
    status: response.status,
    code: isErrorBody(body) ? body.code : `HTTP_${response.status}`,
    message:
      typeof error.message === 'string' && error.message
        ? error.message
        : (STATUS_MESSAGES[response.status] ?? `The upload failed (${response.status}).`),
    details: error.details,
    body,
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadFiles,
    onSuccess: ({ import: job }) => {
      // Seeds the progress view so it shows "0 of N" at once instead of a spinner.
      queryClient.setQueryData(knowledgeKeys.importJob(job.id), { import: job });
      return queryClient.invalidateQueries({ queryKey: knowledgeKeys.imports, exact: true });
    },
  });
}

/** One import, polled (every 500 ms unless told otherwise) until it is done or failed. */
export function useImportJob(id: string | null, pollMs = IMPORT_POLL_MS) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: knowledgeKeys.importJob(id ?? ''),
    queryFn: async ({ signal }) => {
      const result = await dataOf(
        api.GET('/knowledge/imports/{id}', { params: { path: { id: id ?? '' } }, signal }),
      );
      if (isFinished(result.import)) {
        // New articles exist now, and the list of recent imports has a final status to show.
        void queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles });
        void queryClient.invalidateQueries({ queryKey: knowledgeKeys.imports, exact: true });
      }
      return result;
    },
    select: (result) => result.import,
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (query) => {
      const job = query.state.data?.import;
      return job && isFinished(job) ? false : pollMs;
    },
  });
}

export function useRecentImports() {
  return useQuery({
    queryKey: knowledgeKeys.imports,
    queryFn: ({ signal }) => dataOf(api.GET('/knowledge/imports', { signal })),
    select: (response) => response.items,
  });
}
