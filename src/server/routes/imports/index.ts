/**
 * POST /imports (admin): a Viva Goals export or a Pacer export, uploaded as multipart/form-data
 * (`file`, `source`, `dryRun`), answered with the import report (docs/IMPORT.md). The multipart
 * parser is registered in this plugin only, so every other route still refuses anything but JSON.
 * The body has no schema: the form is read and checked by import-form.ts (a zod body schema would
 * see no body, since the file is streamed, not attached).
 */
import fastifyMultipart from '@fastify/multipart';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { runImport } from '../../services/imports/import-service';
import { importReportSchema } from '../../../contract/imports';
import { IMPORT_MULTIPART_LIMITS, readImportForm } from './import-form';

const tags = ['imports'];

export default async function importRoutes(app: App): Promise<void> {
  await app.register(fastifyMultipart, { limits: IMPORT_MULTIPART_LIMITS });

  app.post(
    '/imports',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Import a Viva Goals export (organisation ZIP, Explorer CSV or XLSX) or a Pacer export (admin)',
        description:
          'multipart/form-data with `file` (the export, at most 200 MB), `source` (`viva-goals`, `pacer` or `csv`) and `dryRun` (`true`: only report what would be created, matched and skipped; `false`: write it in one transaction). A file Pacer cannot read is a 400 naming `file`, and nothing is written.',
        consumes: ['multipart/form-data'],
        tags,
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const form = await readImportForm(request);
      return runImport(app.db, form, requireUser(request), new Date());
    },
  );
}
