/**
 * parseVivaExplorerCsv / parseVivaExplorerXlsx: a Viva Goals Explorer view export (one row per
 * objective, key result or deliverable) → the same normalized model as the organisation export.
 * Columns are found by their header names (case, spaces and punctuation ignored), so their order
 * and extra columns do not matter. The Explorer carries names rather than ids for teams, periods
 * and people, so those get `name:<name>` external ids and only people written as email addresses
 * become users; check-ins, which have no ids, get `<row id>#checkin-<n>`.
 */
import { parseCsv } from './csv-parser';
import { ImportError } from './import-errors';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';
import { ImportNotes } from './import-notes';
import { normaliseKey } from './untrusted-json';
import { parseAlignedToCell, parseCheckinsCell } from './viva-explorer-cells';
import type { VivaCheckin, VivaImportModel, VivaObjective, VivaOutcome, VivaPersonRef, VivaSource, VivaTimePeriod, VivaUser } from './viva-model';
import { plainNote } from './viva-organisation-records';
import { parseEmail, parseInstant, parseNumber, parseObjectiveKind, parseStatus } from './viva-values';
import { readFirstWorksheet } from './xlsx-reader';

const COLUMNS = {
  id: ['id', 'objectiveid', 'okrid'],
  title: ['title', 'name'],
  team: ['team', 'teams'],
  creator: ['creator', 'createdby'],
  owner: ['owner', 'owners'],
  period: ['period', 'timeperiod'],
  startDate: ['startdate'],
  endDate: ['enddate'],
  description: ['description'],
  alignedTo: ['alignedtoweightobjectiveid', 'alignedto'],
  metricName: ['metricname'],
  unit: ['unit', 'metricunit'],
  target: ['target'],
  start: ['start'],
  objectType: ['objecttype', 'type'],
  createdAt: ['createdat'],
  lastCheckin: ['lastcheckin'],
  progress: ['progress', 'progresspercent'],
  status: ['status'],
  score: ['score'],
  checkins: ['checkins'],
} as const;

type Column = keyof typeof COLUMNS;
type Row = (column: Column) => string;

function columnIndexes(header: string[]): Map<Column, number> {
  const normalised = header.map(normaliseKey);
  const indexes = new Map<Column, number>();
  for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const index = normalised.findIndex((name) => names.includes(name));
    if (index !== -1) indexes.set(column, index);
  }
  return indexes;
}

function splitNames(cell: string): string[] {
  return cell
    .split(/[;\n]|,(?=\s*\S)/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function person(text: string, notes: ImportNotes): VivaPersonRef {
  const email = parseEmail(text);
  return { externalId: null, name: email ? null : notes.text(text, 'person name'), email };
}

function outcomeOf(row: Row, kind: VivaObjective['kind'], notes: ImportNotes): VivaOutcome | null {
  const metricName = notes.optionalText(row('metricName'), 'metric name');
  const unit = notes.optionalText(row('unit'), 'unit');
  const target = parseNumber(row('target'));
  const start = parseNumber(row('start'));
  if (metricName || unit || target !== null) return { type: 'metric', metricName, unit, start, target, targetType: null };
  return kind === 'big-rock' ? null : { type: 'percentage', metricName: null, unit: null, start: 0, target: 100, targetType: null };
}

function checkinsOf(row: Row, externalId: string, serials: boolean, notes: ImportNotes): VivaCheckin[] {
  const cell = row('checkins');
  const entries = parseCheckinsCell(cell);
  if (entries.length === 0 && cell.trim() !== '') notes.warn(`Row ${externalId}: its Checkins cell could not be read; no check-ins were imported from it`);
  const checkins: VivaCheckin[] = [];
  entries.forEach((entry, index) => {
    const checkinId = `${externalId}#checkin-${index + 1}`;
    const date = parseInstant(entry.checkinDate, serials) ?? parseInstant(entry.activityDate, serials);
    if (!date) {
      notes.skip('checkin', checkinId, `its Checkin Date "${notes.text(entry.checkinDate, 'date').slice(0, 40)}" is not a date`);
      return;
    }
    checkins.push({
      externalId: checkinId,
      okrExternalId: externalId,
      date: date.instant,
      author: entry.user ? person(entry.user, notes) : null,
      note: plainNote(entry.note, null, notes),
      value: parseNumber(entry.currentValue),
      status: parseStatus(entry.status),
    });
  });
  return checkins;
}

function objectiveOf(row: Row, externalId: string, serials: boolean, notes: ImportNotes): VivaObjective | null {
  const title = notes.optionalText(row('title'), 'title');
  const kind = parseObjectiveKind(row('objectType') || 'Objective');
  if (!title || !kind) {
    notes.skip('objective', externalId, title ? `its Object Type "${notes.text(row('objectType'), 'type').slice(0, 40)}" is not Objective, Key result or Deliverable` : 'it has no Title');
    return null;
  }
  const aligned = parseAlignedToCell(row('alignedTo'));
  if (aligned.unreadable) notes.warn(`Row ${externalId}: part of its "Aligned To" cell names no objective id and was left out`);
  const status = parseStatus(row('status'));
  const period = notes.optionalText(row('period'), 'period');
  const creator = row('creator').trim();
  return {
    externalId,
    title,
    kind,
    description: plainNote(row('description'), null, notes, 'description'),
    createdBy: creator ? person(creator, notes) : null,
    owners: splitNames(row('owner')).map((name) => person(name, notes)),
    teams: splitNames(row('team')).map((name) => ({ externalId: `name:${notes.text(name, 'team')}`, name: notes.text(name, 'team') })),
    timePeriod: period ? { externalId: `name:${period}`, name: period } : null,
    startDate: parseInstant(row('startDate'), serials)?.date ?? null,
    endDate: parseInstant(row('endDate'), serials)?.date ?? null,
    alignments: aligned.alignments.filter((alignment) => alignment.externalId !== externalId).map(({ externalId: parentId, weight }) => ({ externalId: parentId, weight })),
    progressMode: null,
    progress: parseNumber(row('progress')),
    status,
    closed: status === 'closed',
    outcome: outcomeOf(row, kind, notes),
    phasedTargets: [],
    score: parseNumber(row('score')),
    createdAt: parseInstant(row('createdAt'), serials)?.instant ?? null,
    lastCheckinAt: parseInstant(row('lastCheckin'), serials)?.instant ?? null,
  };
}

/** Periods named by the rows, dated by the earliest start and latest end of their items. */
function periodsOf(objectives: VivaObjective[]): VivaTimePeriod[] {
  const periods = new Map<string, VivaTimePeriod>();
  for (const objective of objectives) {
    if (!objective.timePeriod?.externalId || !objective.timePeriod.name) continue;
    const period = periods.get(objective.timePeriod.externalId) ?? { externalId: objective.timePeriod.externalId, name: objective.timePeriod.name, startDate: null, endDate: null };
    if (objective.startDate && (!period.startDate || objective.startDate < period.startDate)) period.startDate = objective.startDate;
    if (objective.endDate && (!period.endDate || objective.endDate > period.endDate)) period.endDate = objective.endDate;
    periods.set(period.externalId, period);
  }
  return [...periods.values()];
}

function modelFromRows(rows: string[][], source: VivaSource, limits: ImportLimits): VivaImportModel {
  // Some exports put a title line above the header: the header is the first row with Id and Title.
  const headerIndex = rows.slice(0, 10).findIndex((row) => {
    const columns = columnIndexes(row);
    return columns.has('id') && columns.has('title');
  });
  const header = rows[headerIndex];
  if (headerIndex === -1 || !header) {
    throw new ImportError('not_a_spreadsheet', 'has no "Id" and "Title" columns in its first rows, as a Viva Goals Explorer export has; export the Explorer view again and upload it unchanged.');
  }
  const indexes = columnIndexes(header);
  const notes = new ImportNotes(limits.maxStringLength);
  const serials = source === 'viva-explorer-xlsx';
  const objectives: VivaObjective[] = [];
  const checkins: VivaCheckin[] = [];
  const seen = new Set<string>();
  rows.slice(headerIndex + 1).forEach((cells, offset) => {
    const row: Row = (column) => {
      const index = indexes.get(column);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const externalId = notes.text(row('id'), 'id').slice(0, 100);
    if (!externalId) {
      notes.skip('objective', null, `row ${headerIndex + offset + 2} has no Id`);
      return;
    }
    if (seen.has(externalId)) {
      notes.skip('objective', externalId, `row ${headerIndex + offset + 2} repeats Id ${externalId}; the first row with it is used`);
      return;
    }
    seen.add(externalId);
    const objective = objectiveOf(row, externalId, serials, notes);
    if (!objective) return;
    objectives.push(objective);
    checkins.push(...checkinsOf(row, externalId, serials, notes));
  });
  const users = new Map<string, VivaUser>();
  const people = objectives.flatMap((objective) => [...objective.owners, ...(objective.createdBy ? [objective.createdBy] : [])]);
  for (const ref of [...people, ...checkins.map((checkin) => checkin.author)]) {
    if (ref?.email && !users.has(ref.email)) users.set(ref.email, { externalId: null, name: ref.email, email: ref.email });
  }
  const teamNames = new Map(objectives.flatMap((objective) => objective.teams).map((team) => [team.externalId, team.name]));
  return {
    source,
    timePeriods: periodsOf(objectives),
    teams: [...teamNames].map(([externalId, name]) => ({ externalId: externalId ?? '', name: name ?? '', parentExternalId: null, owners: [], description: '', status: null })),
    users: [...users.values()],
    objectives,
    checkins,
    comments: [],
    skipped: notes.skipped,
    warnings: notes.warnings,
  };
}

export function parseVivaExplorerCsv(text: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): VivaImportModel {
  if (text.length > limits.maxEntryBytes) {
    throw new ImportError('too_large', `is larger than ${Math.round(limits.maxEntryBytes / (1024 * 1024))} MB, more than an import reads; export fewer rows (e.g. one time period at a time).`);
  }
  return modelFromRows(parseCsv(text, limits.maxCells), 'viva-explorer-csv', limits);
}

export function parseVivaExplorerXlsx(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): VivaImportModel {
  return modelFromRows(readFirstWorksheet(bytes, limits), 'viva-explorer-xlsx', limits);
}
