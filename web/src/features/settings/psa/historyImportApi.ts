import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, dataOf, type Schemas } from '../../../api/client';
import { knowledgeKeys } from '../../knowledge/api';
import { useImportJob, useRecentImports } from '../../knowledge/importApi';

/** A PSA history import is a knowledge import of kind `psa_history`; `since` is the date it reaches back to. */
export type PsaHistoryImport = Schemas['KnowledgeImport'];

export const PSA_IMPORT_POLL_MS = 1000;

/**
 * The newest PSA import, so a reload keeps showing the one running (or how the last one ended).
 * Shares the knowledge page's cache entry, which lists every kind, newest first.
 */
export function useLatestPsaImport() {
  const recent = useRecentImports();
  const latest = recent.data?.find((job) => job.kind === 'psa_history') ?? null;
  return { ...recent, latest };
}

/** One import, asked again every second until it is done or failed (the knowledge page's query). */
export function usePsaImportJob(id: string | null) {
  return useImportJob(id, PSA_IMPORT_POLL_MS);
}

/** What a start request led to: a new import, or the one that was already running. */
export interface StartOutcome {
  id: string;
  alreadyRunning: boolean;
}

export function useStartPsaHistoryImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (since: string): Promise<StartOutcome> => {
      try {
        const { import: job } = await dataOf(api.POST('/psa/history-import', { body: { since } }));
        // Seeds the progress view so it shows the new import at once instead of a spinner.
        queryClient.setQueryData(knowledgeKeys.importJob(job.id), { import: job });
        return { id: job.id, alreadyRunning: false };
      } catch (error) {
        // Only one PSA import runs at a time; the server names it so we can follow that one instead.
        const runningId = runningImportId(error);
        if (runningId) return { id: runningId, alreadyRunning: true };
        throw error;
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.imports, exact: true }),
  });
}

function runningImportId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_RUNNING') return null;
  const id = (error.body as { import_id?: unknown } | null)?.import_id;
  return typeof id === 'string' && id ? id : null;
}
