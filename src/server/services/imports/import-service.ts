/**
 * POST /api/v1/imports: an uploaded file → a plan → the report (dry run) or the plan written in one
 * transaction (commit, import-commit-service.ts). Parsing and planning are pure
 * (src/server/imports); what Pacer already holds is read first so the plan says matched instead of
 * created. The source the admin picked decides which reader runs: `viva-goals` and `csv` both go
 * through parseVivaExport, which judges the form by the bytes (the Explorer CSV is the `csv`
 * form); `pacer` reads a Pacer export document. A file-level problem is an ImportError (400 on
 * `file`) thrown before anything is written. A Pacer document's Jira links are linked again after
 * the commit where a connection of the same name exists (jira-link-restore.ts).
 */
import type { Kysely } from 'kysely';
import type { ExportedJiraLink } from '../../../contract/exports';
import type { ImportReport, ImportSource } from '../../../contract/imports';
import type { Database } from '../../db/schema';
import { ImportError } from '../../imports/import-errors';
import { DEFAULT_IMPORT_LIMITS } from '../../imports/import-limits';
import { planPacerDocument, readPacerDocument } from '../../imports/pacer-document-plan';
import type { VivaImportPlan } from '../../imports/viva-import-plan-types';
import { planVivaImport } from '../../imports/viva-import-plan';
import { vivaImportReport } from '../../imports/viva-import-report';
import { parseVivaExport } from '../../imports/viva-export-parser';
import { commitImportPlan, loadExistingPacerData, VIVA_REF_SOURCE } from './import-commit-service';
import { connectionIdsByName, restoreJiraLinks } from './jira-link-restore';

/** external_refs.source of rows a Pacer export document made: the exporting Pacer's ids. */
export const PACER_REF_SOURCE = 'pacer';

export interface ImportRequest {
  bytes: Uint8Array;
  source: ImportSource;
  dryRun: boolean;
}

/** A Pacer export starts with its format (GET /exports/pacer writes it first); a hint beats the CSV parser's "no Id column". */
function looksLikePacerExport(bytes: Uint8Array): boolean {
  return /^\s*\{\s*"format"\s*:\s*"pacer-export"/.test(Buffer.from(bytes.subarray(0, 200)).toString('utf8'));
}

interface PlannedFile {
  plan: VivaImportPlan;
  /** A Pacer document's Jira links, linked again after the commit where a connection of the same name exists. */
  jiraLinks: ExportedJiraLink[];
}

async function planFile(db: Kysely<Database>, request: ImportRequest): Promise<PlannedFile> {
  if (request.source === 'pacer') {
    // Read (and refuse) the document before touching the database.
    const document = readPacerDocument(request.bytes, DEFAULT_IMPORT_LIMITS);
    const [existing, connections] = await Promise.all([loadExistingPacerData(db, PACER_REF_SOURCE), connectionIdsByName(db)]);
    return { plan: planPacerDocument(document, existing, DEFAULT_IMPORT_LIMITS, new Set(connections.keys())), jiraLinks: document.jiraLinks };
  }
  if (looksLikePacerExport(request.bytes)) {
    throw new ImportError('not_a_spreadsheet', 'this is a Pacer export, not a Viva Goals export; import it with the source "Pacer export" (source=pacer).');
  }
  const model = parseVivaExport(request.bytes, DEFAULT_IMPORT_LIMITS);
  return { plan: planVivaImport(model, await loadExistingPacerData(db, VIVA_REF_SOURCE)), jiraLinks: [] };
}

export async function runImport(db: Kysely<Database>, request: ImportRequest, actor: { id: string }, now: Date): Promise<ImportReport> {
  const { plan, jiraLinks } = await planFile(db, request);
  if (request.dryRun) return vivaImportReport(plan, true);
  const refSource = request.source === 'pacer' ? PACER_REF_SOURCE : VIVA_REF_SOURCE;
  const report = await commitImportPlan(db, plan, { actorId: actor.id, now, refSource });
  await restoreJiraLinks(db, jiraLinks, refSource, now);
  return report;
}
