/**
 * Import and export (issue 14). `POST /api/v1/imports` takes a multipart form (`file`, `source`,
 * `dryRun`) and answers an ImportReport both for a dry run and for a commit, so the web shows the
 * same report before and after "Import". The file itself is not described here: it is bytes, read by
 * the server's parsers, never trusted.
 */
import { z } from 'zod';

/** What the admin says the file is: a Viva Goals export (ZIP, Explorer CSV or XLSX), a Pacer export, or a plain CSV. */
export const IMPORT_SOURCES = ['viva-goals', 'pacer', 'csv'] as const;
export const importSourceSchema = z.enum(IMPORT_SOURCES);

/** The multipart form's text fields, validated once the file part has been read. */
export const importFormFields = z.object({
  source: importSourceSchema,
  dryRun: z.enum(['true', 'false']).transform((value) => value === 'true'),
});

/** The form a file turned out to be, read from its bytes (never from its name or Content-Type). */
export const DETECTED_IMPORT_SOURCES = ['viva-organisation-zip', 'viva-explorer-csv', 'viva-explorer-xlsx', 'pacer'] as const;

export const IMPORT_KINDS = ['cycle', 'team', 'user', 'objective', 'keyResult', 'checkin', 'comment'] as const;

const importCountsSchema = z.object({
  cycle: z.number().int(),
  team: z.number().int(),
  user: z.number().int(),
  objective: z.number().int(),
  keyResult: z.number().int(),
  checkin: z.number().int(),
  comment: z.number().int(),
});

export const importSkippedSchema = z.object({
  /** The kind of record in the file (e.g. `objective`, `checkin`, `user`, `row`). */
  type: z.string(),
  externalId: z.string().nullable(),
  reason: z.string(),
});

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  source: z.enum(DETECTED_IMPORT_SOURCES),
  /** What the file holds that Pacer can use, per kind. */
  counts: importCountsSchema,
  /** Rows the import creates (dry run: would create). */
  created: importCountsSchema,
  /** Rows that already exist (an earlier import of the same file, a user with the same email, …) and are updated. */
  matched: importCountsSchema,
  skipped: z.array(importSkippedSchema),
  warnings: z.array(z.string()),
});

export type ImportSource = z.infer<typeof importSourceSchema>;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportCounts = z.infer<typeof importCountsSchema>;
export type ImportSkipped = z.infer<typeof importSkippedSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
