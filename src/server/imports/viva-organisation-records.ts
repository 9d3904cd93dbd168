/**
 * One validated record of a Viva organisation export → its normalized model entry, or null with
 * the record noted as skipped (no id, no title, a date that is not a date…). Values that are merely
 * odd (an unknown status, a weight of "abc") are dropped with a warning and the record is kept.
 */
import type { z } from 'zod';
import type { ImportNotes } from './import-notes';
import { htmlToPlainText } from './plain-text';
import type {
  checkinRecordSchema,
  commentRecordSchema,
  objectiveRecordSchema,
  teamRecordSchema,
  timePeriodRecordSchema,
  userRecordSchema,
  VivaPersonRecord,
} from './viva-organisation-schemas';
import type { VivaAlignment, VivaCheckin, VivaComment, VivaObjective, VivaOutcome, VivaPersonRef, VivaPhasedTarget, VivaTeam, VivaTimePeriod, VivaUser } from './viva-model';
import { parseEmail, parseInstant, parseNumber, parseObjectiveKind, parseProgressMode, parseStatus, parseWeight } from './viva-values';

export function personRef(record: VivaPersonRecord, notes: ImportNotes): VivaPersonRef | null {
  if (record === null || record === undefined) return null;
  if (typeof record === 'string') {
    const email = parseEmail(record);
    const name = notes.optionalText(record, 'person name');
    return email || name ? { externalId: null, name: email ? null : name, email } : null;
  }
  const email = parseEmail(record.email ?? record.emailid ?? record.useremail);
  const name = notes.optionalText(record.name, 'person name');
  const externalId = record.id || null;
  return email || name || externalId ? { externalId, name, email } : null;
}

export function personRefs(records: VivaPersonRecord | VivaPersonRecord[] | null | undefined, notes: ImportNotes): VivaPersonRef[] {
  const list = Array.isArray(records) ? records : [records];
  return list.map((record) => personRef(record, notes)).filter((person): person is VivaPersonRef => person !== null);
}

function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][^<>]*>|&(?:[a-z]{2,6}|#\d+|#x[0-9a-f]+);/i.test(text);
}

/** A note or comment as plain text: the HTML form when there is one, HTML-looking text reduced too. */
export function plainNote(plain: string | null | undefined, html: string | null | undefined, notes: ImportNotes, what = 'note'): string {
  const source = html && html.trim() !== '' ? html : (plain ?? '');
  const capped = notes.text(source, what);
  return html || looksLikeHtml(capped) ? htmlToPlainText(capped) : capped;
}

type Ref = { id?: string | null | undefined; name?: string | null | undefined } | string | number | null | undefined;

function refParts(ref: Ref, notes: ImportNotes): { externalId: string | null; name: string | null } | null {
  if (ref === null || ref === undefined) return null;
  if (typeof ref === 'number') return { externalId: String(ref), name: null };
  if (typeof ref === 'string') return ref.trim() === '' ? null : { externalId: null, name: notes.text(ref, 'name') };
  const externalId = ref.id || null;
  const name = notes.optionalText(ref.name, 'name');
  return externalId || name ? { externalId, name } : null;
}

export function timePeriodFromRecord(record: z.infer<typeof timePeriodRecordSchema>, notes: ImportNotes): VivaTimePeriod | null {
  const externalId = record.id || null;
  const name = notes.optionalText(record.timeperiodname ?? record.name, 'time period name');
  if (!externalId || !name) {
    notes.skip('timePeriod', externalId, externalId ? 'it has no Time Period Name' : 'it has no ID');
    return null;
  }
  const startDate = parseInstant(record.startdate)?.date ?? null;
  const endDate = parseInstant(record.enddate)?.date ?? null;
  if (startDate && endDate && endDate < startDate) {
    notes.skip('timePeriod', externalId, `its End Date ${endDate} is before its Start Date ${startDate}`);
    return null;
  }
  return { externalId, name, startDate, endDate };
}

export function teamFromRecord(record: z.infer<typeof teamRecordSchema>, notes: ImportNotes): VivaTeam | null {
  const externalId = record.id || null;
  const name = notes.optionalText(record.teamname ?? record.name, 'team name');
  if (!externalId || !name) {
    notes.skip('team', externalId, externalId ? 'it has no Team Name' : 'it has no ID');
    return null;
  }
  const parent = refParts(record.parentteam, notes);
  return {
    externalId,
    name,
    // A parent given by name only is resolved against the other teams by the plan.
    parentExternalId: parent?.externalId ?? (parent?.name ? `name:${parent.name}` : null),
    owners: personRefs(record.teamowners, notes),
    description: notes.text(record.description, 'team description'),
    status: notes.optionalText(record.status, 'team status'),
  };
}

export function userFromRecord(record: z.infer<typeof userRecordSchema>, notes: ImportNotes): VivaUser | null {
  const externalId = record.id || null;
  const email = parseEmail(record.email);
  if (!email) {
    notes.skip('user', externalId, record.email ? `its Email "${notes.text(record.email, 'email').slice(0, 100)}" is not an email address` : 'it has no Email, so it cannot be matched to a Pacer user');
    return null;
  }
  return { externalId, name: notes.optionalText(record.name, 'user name') ?? email, email };
}

function outcomeFrom(record: VivaObjectiveRecord, notes: ImportNotes, externalId: string): VivaOutcome | null {
  const outcome = record.outcome;
  if (!outcome) return null;
  const typeKey = (outcome.outcometype ?? '').toLowerCase().trim();
  const start = parseNumber(outcome.start);
  const target = parseNumber(outcome.target);
  let type: VivaOutcome['type'] | null = typeKey.startsWith('metric') ? 'metric' : typeKey.startsWith('percent') ? 'percentage' : null;
  if (type === null && typeKey === '' && target !== null) type = 'metric';
  if (type === null) {
    if (typeKey !== '') notes.warn(`Objective ${externalId}: Outcome Type "${typeKey.slice(0, 40)}" is not Percentage or Metric; it is imported as a percentage`);
    type = 'percentage';
  }
  return {
    type,
    metricName: notes.optionalText(outcome.metricname, 'metric name'),
    unit: notes.optionalText(outcome.metricunit, 'metric unit'),
    start,
    target,
    targetType: notes.optionalText(outcome.targettype, 'target type'),
  };
}

type VivaObjectiveRecord = z.infer<typeof objectiveRecordSchema>;

function phasedTargetsFrom(record: VivaObjectiveRecord, notes: ImportNotes, externalId: string): VivaPhasedTarget[] {
  const phased = record.phasedtargets;
  if (!phased || typeof phased === 'string') return [];
  const targets: VivaPhasedTarget[] = [];
  for (const entry of phased.phasedtargets ?? []) {
    const date = parseInstant(entry?.targetdate)?.date;
    const value = parseNumber(entry?.targetvalue);
    if (date && value !== null) targets.push({ date, value });
    else notes.warn(`Objective ${externalId}: a phased target without a usable Target Date and Target Value was left out`);
  }
  return targets.sort((a, b) => a.date.localeCompare(b.date));
}

function alignmentsFrom(record: VivaObjectiveRecord, notes: ImportNotes, externalId: string): VivaAlignment[] {
  const byId = new Map<string, VivaAlignment>();
  for (const alignment of record.alignment ?? []) {
    if (!alignment?.id) continue;
    const weight = parseWeight(alignment.weight);
    if (weight === null && alignment.weight !== null && alignment.weight !== undefined) {
      notes.warn(`Objective ${externalId}: the alignment weight "${String(alignment.weight).slice(0, 20)}" is not a percentage from 0 to 100; equal weights are used`);
    }
    byId.set(alignment.id, { externalId: alignment.id, weight });
  }
  for (const parentId of record.parentids ?? []) {
    if (parentId && !byId.has(parentId)) byId.set(parentId, { externalId: parentId, weight: null });
  }
  if (byId.delete(externalId)) notes.warn(`Objective ${externalId} is aligned to itself; that alignment was left out`);
  return [...byId.values()];
}

export function objectiveFromRecord(record: VivaObjectiveRecord, notes: ImportNotes): VivaObjective | null {
  const externalId = record.id || null;
  const title = notes.optionalText(record.title, 'title');
  const kind = parseObjectiveKind(record.type);
  if (!externalId || !title || !kind) {
    const reason = !externalId ? 'it has no ID' : !title ? 'it has no Title' : `its Type "${notes.text(record.type, 'type').slice(0, 40)}" is not Big rock, Kpi or Project`;
    notes.skip('objective', externalId, reason);
    return null;
  }
  const status = parseStatus(record.status);
  if (record.status && !status) notes.warn(`Objective ${externalId}: Status "${notes.text(record.status, 'status').slice(0, 40)}" is not known; it is left out`);
  const period = refParts(record.timeperiod, notes);
  return {
    externalId,
    title,
    kind,
    description: plainNote(record.description, null, notes, 'description'),
    createdBy: personRef(record.createdby, notes),
    owners: personRefs(record.owner ?? record.owners, notes),
    teams: (record.teams ?? []).map((team) => refParts(team, notes)).filter((team) => team !== null),
    timePeriod: period,
    startDate: parseInstant(record.startdate)?.date ?? null,
    endDate: parseInstant(record.enddate)?.date ?? null,
    alignments: alignmentsFrom(record, notes, externalId),
    progressMode: parseProgressMode(record.progressandstatusconfiguration?.progress),
    progress: parseNumber(record.progress),
    status,
    closed: status === 'closed',
    outcome: outcomeFrom(record, notes, externalId),
    phasedTargets: phasedTargetsFrom(record, notes, externalId),
    score: parseNumber(record.score),
    createdAt: parseInstant(record.createdat)?.instant ?? null,
    lastCheckinAt: parseInstant(record.lastcheckin)?.instant ?? null,
  };
}

export function checkinFromRecord(record: z.infer<typeof checkinRecordSchema>, notes: ImportNotes): VivaCheckin | null {
  const externalId = record.id || null;
  const date = parseInstant(record.checkindate) ?? parseInstant(record.activitydate);
  if (!externalId || !record.okrid || !date) {
    const reason = !externalId ? 'it has no ID' : !record.okrid ? 'it has no OKR ID' : 'its CheckIn Date is missing or not a date';
    notes.skip('checkin', externalId, reason);
    return null;
  }
  const note = record.checkinnote;
  return {
    externalId,
    okrExternalId: record.okrid,
    date: date.instant,
    author: personRef(record.checkinowner, notes),
    note: typeof note === 'string' ? plainNote(note, null, notes) : plainNote(note?.checkinnote, note?.checkinnotehtml, notes),
    value: parseNumber(record.currentvalue),
    status: parseStatus(record.status),
  };
}

export function commentFromRecord(record: z.infer<typeof commentRecordSchema>, notes: ImportNotes): VivaComment | null {
  const externalId = record.id || null;
  const text = plainNote(record.comment, null, notes, 'comment');
  if (!externalId || !record.okrid || text === '') {
    notes.skip('comment', externalId, !externalId ? 'it has no ID' : !record.okrid ? 'it has no OKR ID' : 'its Comment is empty');
    return null;
  }
  return {
    externalId,
    okrExternalId: record.okrid,
    text,
    author: personRef(record.createdby, notes),
    createdAt: parseInstant(record.createdat)?.instant ?? null,
  };
}
