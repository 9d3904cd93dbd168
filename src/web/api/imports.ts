/**
 * Import (issue 14): the same upload twice, first as a dry run whose report the admin reads, then for
 * real. Errors are shown inline on the import page (quiet: no toast), since they say what to fix in
 * the file.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPostForm } from './client';
import type { ImportReport, ImportSource } from './types';

export interface ImportRequest {
  file: File;
  source: ImportSource;
  dryRun: boolean;
}

/** The exports the web offers as downloads (GET, cookie-authenticated, so a plain link works). */
export const PACER_EXPORT_URL = '/api/v1/exports/pacer';

function postImport({ file, source, dryRun }: ImportRequest): Promise<ImportReport> {
  const form = new FormData();
  // Text fields before the file: the server reads the parts in order and can refuse a bad form early.
  form.append('source', source);
  form.append('dryRun', String(dryRun));
  form.append('file', file, file.name);
  return apiPostForm<ImportReport>('/imports', form);
}

export function useImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postImport,
    meta: { quiet: true },
    onSuccess: async (report) => {
      if (report.dryRun) return;
      // An import may add cycles, teams, people, objectives and check-ins anywhere.
      await queryClient.invalidateQueries();
    },
  });
}
