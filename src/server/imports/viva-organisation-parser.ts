/**
 * parseVivaOrganisationZip: a Viva Goals organisation export (a ZIP of JSON arrays named
 * `<Entity>_export_file_<orgId>_<userId>_Organization_<orgId>_<yyyymmddhhmmss>.json`) → the
 * normalized model. Files are matched by their entity prefix, case-insensitively; other files are
 * ignored with a warning. The archive and each file are read within the limits (zip-reader.ts,
 * untrusted-json.ts); each record is validated with zod, and a record that cannot be used is noted
 * as skipped, never thrown. Only a file that is unusable as a whole is an ImportError.
 */
import type { z } from 'zod';
import { ImportError } from './import-errors';
import { type ImportLimits, DEFAULT_IMPORT_LIMITS } from './import-limits';
import { ImportNotes } from './import-notes';
import { parseUntrustedJson, type SafeJson } from './untrusted-json';
import type { VivaImportModel, VivaRecordType } from './viva-model';
import {
  checkinFromRecord,
  commentFromRecord,
  objectiveFromRecord,
  teamFromRecord,
  timePeriodFromRecord,
  userFromRecord,
} from './viva-organisation-records';
import {
  checkinRecordSchema,
  commentRecordSchema,
  describeZodError,
  objectiveRecordSchema,
  teamRecordSchema,
  timePeriodRecordSchema,
  userRecordSchema,
} from './viva-organisation-schemas';
import { decodeUtf8, ZipArchive } from './zip-reader';

type Entity = 'timeperiods' | 'teams' | 'users' | 'objectives' | 'checkins' | 'comments';

const ENTITY_FILE = /^(timeperiods|teams|users|objectives|checkins|comments)_export_file_[^/]*\.json$/i;

/** The entity an entry holds, judged by its base name (folders inside the ZIP do not matter). */
export function vivaExportEntity(entryName: string): Entity | null {
  const baseName = entryName.split('/').pop() ?? '';
  const match = ENTITY_FILE.exec(baseName);
  return match ? (match[1]?.toLowerCase() as Entity) : null;
}

const ENTITY_RECORD_TYPE = {
  timeperiods: 'timePeriod',
  teams: 'team',
  users: 'user',
  objectives: 'objective',
  checkins: 'checkin',
  comments: 'comment',
} as const;

function recordId(record: SafeJson): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const id = record.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : null;
}

/** Validates each record of `records` with `schema` and maps the valid ones with `map`; the rest are skipped. */
function mapRecords<S extends z.ZodType, T>(
  entity: Entity,
  records: SafeJson[],
  schema: S,
  map: (record: z.infer<S>, notes: ImportNotes) => T | null,
  notes: ImportNotes,
): T[] {
  const mapped: T[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      notes.skip(ENTITY_RECORD_TYPE[entity], recordId(record), `it does not have the shape of a Viva Goals ${entity} record (${describeZodError(parsed.error)})`);
      continue;
    }
    const value = map(parsed.data, notes);
    if (value !== null) mapped.push(value);
  }
  return mapped;
}

/** The first record of each external id; later ones are noted as skipped. */
function firstOfEach<T extends { externalId: string }>(type: VivaRecordType, records: T[], notes: ImportNotes): T[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    if (!seen.has(record.externalId)) return seen.add(record.externalId);
    notes.skip(type, record.externalId, 'the export lists this ID twice; the first is used');
    return false;
  });
}

export function parseVivaOrganisationZip(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): VivaImportModel {
  const archive = new ZipArchive(bytes, limits);
  const notes = new ImportNotes(limits.maxStringLength);
  const recordsByEntity = new Map<Entity, SafeJson[]>();
  for (const entry of archive.entries) {
    if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/')) continue;
    const entity = vivaExportEntity(entry.name);
    if (!entity) {
      notes.warn(`"${entry.name.slice(0, 200)}" is not a Viva Goals export file and was ignored`);
      continue;
    }
    const json = parseUntrustedJson(decodeUtf8(archive.read(entry)), entry.name, limits.maxJsonDepth);
    if (!Array.isArray(json)) {
      notes.skip('file', entry.name, 'it does not hold a JSON array of records, as a Viva Goals export file does');
      continue;
    }
    recordsByEntity.set(entity, [...(recordsByEntity.get(entity) ?? []), ...json]);
  }
  if (recordsByEntity.size === 0) {
    throw new ImportError(
      'no_export_files',
      'holds no Viva Goals export files (named like objectives_export_file_…_Organization_….json); upload the organisation export ZIP from Viva Goals.',
    );
  }
  if (!recordsByEntity.has('objectives')) notes.warn('The export has no objectives file, so no OKRs are imported');
  const records = (entity: Entity): SafeJson[] => recordsByEntity.get(entity) ?? [];
  return {
    source: 'viva-organisation-zip',
    timePeriods: firstOfEach('timePeriod', mapRecords('timeperiods', records('timeperiods'), timePeriodRecordSchema, timePeriodFromRecord, notes), notes),
    teams: firstOfEach('team', mapRecords('teams', records('teams'), teamRecordSchema, teamFromRecord, notes), notes),
    users: mapRecords('users', records('users'), userRecordSchema, userFromRecord, notes),
    objectives: firstOfEach('objective', mapRecords('objectives', records('objectives'), objectiveRecordSchema, objectiveFromRecord, notes), notes),
    checkins: firstOfEach('checkin', mapRecords('checkins', records('checkins'), checkinRecordSchema, checkinFromRecord, notes), notes),
    comments: firstOfEach('comment', mapRecords('comments', records('comments'), commentRecordSchema, commentFromRecord, notes), notes),
    skipped: notes.skipped,
    warnings: notes.warnings,
  };
}
