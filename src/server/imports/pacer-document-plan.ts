/**
 * Restore: a Pacer export document (GET /api/v1/exports/pacer, src/contract/exports.ts) → the same
 * plan a Viva import produces, so `POST /api/v1/imports` with source=pacer is written by the one
 * commit step. Pure and untrusting, like the Viva parsers: the size is capped before decoding,
 * nesting is checked without recursion before zod walks the value, text is cleaned of what no
 * database stores (NUL, lone surrogates), and zod keeps only known
 * fields with Pacer's own length limits. References that do not resolve inside the document (an
 * objective in a cycle it does not hold, a check-in on an unknown key result, a parent that would
 * close a loop) are skipped or dropped with a reason, never guessed. External ids are the
 * exporting Pacer's ids, so importing the same document twice matches instead of duplicating.
 */
import { findLoopingParent } from '../../core/hierarchy';
import { PACER_EXPORT_FORMAT, PACER_EXPORT_VERSION, pacerExportSchema, type PacerExport } from '../../contract/exports';
import { VALUE_LIMIT, WEIGHT_MAX } from '../../contract/fields';
import { OBJECTIVE_TEAMS_MAX, PARENTS_MAX } from '../../contract/objectives';
import { ImportError } from './import-errors';
import type { ImportLimits } from './import-limits';
import { ImportNotes } from './import-notes';
import { cleanText } from './plain-text';
import type { ExistingPacerData, PlannedCheckin, PlannedComment, PlannedCycle, PlannedKeyResult, PlannedObjective, PlannedTarget, PlannedTeam, PlannedUser, VivaImportPlan } from './viva-import-plan-types';
import { ExistingIndex } from './viva-plan-directory';
import { milestonesOf } from './viva-plan-values';
import { decodeUtf8 } from './zip-reader';

const NOT_PACER = 'is not a Pacer export; upload the JSON file GET /api/v1/exports/pacer (Admin > Export) produced, or pick the source that matches the file';

/**
 * Checks nesting (deeper than `maxDepth` is an ImportError) and cleans every string in place: NUL
 * and other control characters removed, lone surrogates replaced (PostgreSQL refuses NUL in text,
 * and both engines would store something other than what was read), capped at `maxStringLength`.
 * An explicit stack, so a hostile file cannot overflow ours.
 */
function checkAndClean(value: unknown, limits: ImportLimits): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next || next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= limits.maxJsonDepth) throw new ImportError('too_deep', `the file nests arrays or objects more than ${limits.maxJsonDepth} levels deep, which no Pacer export does; upload the export as downloaded.`);
    const container = next.value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const element = container[key];
      if (typeof element === 'string') container[key] = cleanText(element, limits.maxStringLength).text;
      else pending.push({ value: element, depth: next.depth + 1 });
    }
  }
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.').slice(0, 120) || 'the document'} ${issue.message}`)
    .join('; ');
}

/** Reads and validates the document; a file-level problem is an ImportError (400 on `file`). */
export function readPacerDocument(bytes: Uint8Array, limits: ImportLimits): PacerExport {
  if (bytes.length > limits.maxEntryBytes) throw new ImportError('too_large', `the file is larger than ${Math.round(limits.maxEntryBytes / 1024 / 1024)} MB; export one Pacer at a time.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
    throw new ImportError('bad_json', `the file is not valid JSON (${detail}), so it ${NOT_PACER}.`);
  }
  checkAndClean(parsed, limits);
  const header = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  if (header.format !== PACER_EXPORT_FORMAT) throw new ImportError('bad_json', `the file ${NOT_PACER}.`);
  if (header.version !== PACER_EXPORT_VERSION) {
    throw new ImportError('bad_json', `the file is a Pacer export of version ${JSON.stringify(header.version)?.slice(0, 20)}, and this Pacer reads version ${PACER_EXPORT_VERSION}; export it again from a Pacer of this version.`);
  }
  const result = pacerExportSchema.safeParse(parsed);
  if (!result.success) throw new ImportError('bad_json', `the Pacer export is damaged or edited: ${describeIssues(result.error.issues)}; export it again.`);
  return result.data;
}

/** An instant in the form Pacer stores (toISOString), or null when the text is not one. */
function isoInstant(text: string): string | null {
  const time = Date.parse(text);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** Values inside the range the API accepts (±1e15); an export only holds such values unless edited. */
function boundedValue(value: number): number {
  return Math.min(VALUE_LIMIT, Math.max(-VALUE_LIMIT, value));
}

interface Context {
  document: PacerExport;
  existing: ExistingPacerData;
  index: ExistingIndex;
  notes: ImportNotes;
  emailOf: Map<string, string>;
}

function planUsers(context: Context): PlannedUser[] {
  const existingByEmail = new Map((context.existing.users ?? []).map((user) => [user.email.toLowerCase(), user.id]));
  const planned = new Map<string, PlannedUser>();
  for (const user of context.document.users) {
    const email = user.email.trim().toLowerCase();
    if (!email.includes('@')) {
      context.notes.skip('user', user.id, 'it has no usable email address');
      continue;
    }
    context.emailOf.set(user.id, email);
    if (planned.has(email)) continue;
    planned.set(email, { email, name: user.name.trim() || email, externalId: user.id, existingId: existingByEmail.get(email) ?? context.index.idOf('user', user.id), deactivated: true });
  }
  return [...planned.values()];
}

/** An owner or author id → its email; an id the document's users do not hold leaves the person empty (warning). */
function personEmail(context: Context, userId: string | null, what: string): string | null {
  if (userId === null) return null;
  const email = context.emailOf.get(userId);
  if (email === undefined) context.notes.warn(`${what} named a user the export does not list, and was left without one`);
  return email ?? null;
}

function planCycles(context: Context): PlannedCycle[] {
  return context.document.cycles.flatMap((cycle) => {
    if (cycle.endDate < cycle.startDate) {
      context.notes.skip('timePeriod', cycle.id, 'its end date is before its start date');
      return [];
    }
    const same = (context.existing.cycles ?? []).find((existing) => existing.name.trim().toLowerCase() === cycle.name.trim().toLowerCase() && existing.startDate === cycle.startDate && existing.endDate === cycle.endDate);
    return [{ externalId: cycle.id, name: cycle.name.trim(), startDate: cycle.startDate, endDate: cycle.endDate, existingId: context.index.idOf('cycle', cycle.id) ?? same?.id ?? null }];
  });
}

function planTeams(context: Context): PlannedTeam[] {
  const ids = new Set(context.document.teams.map((team) => team.id));
  const parentsOf = new Map<string, string[]>();
  const existingByName = new Map((context.existing.teams ?? []).map((team) => [team.name.trim().toLowerCase(), team.id]));
  return context.document.teams.map((team) => {
    let parent = team.parentId !== null && ids.has(team.parentId) ? team.parentId : null;
    if (team.parentId !== null && parent === null) context.notes.warn('A team whose parent team is not in the export became a top-level team');
    if (parent !== null && findLoopingParent(team.id, [parent], parentsOf) !== null) {
      context.notes.warn(`Team ${team.id}: its parent team would make a loop and was left out`);
      parent = null;
    }
    parentsOf.set(team.id, parent === null ? [] : [parent]);
    const ownerEmails = team.ownerIds.map((userId) => personEmail(context, userId, `An owner of team "${team.name.slice(0, 80)}"`)).filter((email) => email !== null);
    const memberEmails = team.memberIds.map((userId) => personEmail(context, userId, `A member of team "${team.name.slice(0, 80)}"`)).filter((email) => email !== null);
    return {
      externalId: team.id,
      name: team.name.trim(),
      parentExternalId: parent,
      ownerEmails,
      memberEmails,
      description: '',
      existingId: context.index.idOf('team', team.id) ?? existingByName.get(team.name.trim().toLowerCase()) ?? null,
    };
  });
}

type Period = { start: string; end: string };

/** An objective's period: its own dates, else its cycle's (milestones must fall inside it). */
function periodOf(objective: { cycleId: string; startDate: string | null; endDate: string | null }, cycles: ReadonlyMap<string, PlannedCycle>): Period {
  const cycle = cycles.get(objective.cycleId);
  return { start: objective.startDate ?? cycle?.startDate ?? '0000-01-01', end: objective.endDate ?? cycle?.endDate ?? '9999-12-31' };
}

function planObjectives(context: Context, cycles: ReadonlyMap<string, PlannedCycle>, teamIds: Set<string>): PlannedObjective[] {
  const { document, notes } = context;
  const kept = document.objectives.filter((objective) => {
    if (cycles.has(objective.cycleId)) return true;
    notes.skip('objective', objective.id, `its cycle ${objective.cycleId.slice(0, 100)} is not in the export`);
    return false;
  });
  const ids = new Set(kept.map((objective) => objective.id));
  const parentsOf = new Map<string, string[]>();
  return kept.map((objective) => {
    const parents: PlannedObjective['parents'] = [];
    for (const parent of objective.parents) {
      if (!ids.has(parent.objectiveId)) {
        notes.warn(`Objective ${objective.id}: its alignment to ${parent.objectiveId.slice(0, 100)}, which is not in the export, was left out`);
      } else if (findLoopingParent(objective.id, [parent.objectiveId], parentsOf) !== null) {
        notes.warn(`Objective ${objective.id}: its alignment to ${parent.objectiveId} would make a loop and was left out`);
      } else if (!parents.some((kept) => kept.externalId === parent.objectiveId)) {
        const weight = parent.weight === null ? null : Math.min(100, Math.max(0, parent.weight));
        parents.push({ externalId: parent.objectiveId, weight });
      }
    }
    if (parents.length > PARENTS_MAX || objective.teamIds.length > OBJECTIVE_TEAMS_MAX) notes.warn(`Objective ${objective.id}: only its first ${PARENTS_MAX} parents and ${OBJECTIVE_TEAMS_MAX} teams were kept`);
    parents.splice(PARENTS_MAX);
    parentsOf.set(objective.id, parents.map((parent) => parent.externalId));
    const manual = objective.progressMode === 'manual';
    const period = periodOf(objective, cycles);
    return {
      externalId: objective.id,
      cycleExternalId: objective.cycleId,
      title: objective.title.trim() || '(untitled)',
      description: objective.description,
      ownerEmail: personEmail(context, objective.ownerId, `Objective ${objective.id}`),
      teamExternalIds: [...new Set(objective.teamIds.filter((teamId) => teamIds.has(teamId)))].slice(0, OBJECTIVE_TEAMS_MAX),
      parents,
      startDate: objective.startDate,
      endDate: objective.endDate,
      progressMode: objective.progressMode,
      manualProgress: manual && objective.manualProgress !== null ? Math.min(1, Math.max(0, objective.manualProgress)) : null,
      milestones: manual ? milestonesOf(objective.milestones, period, (value) => Math.min(1, Math.max(0, value)), `Objective ${objective.id}`, notes) : [],
      vivaStatus: null,
      closed: objective.closedAt !== null,
      closedAt: objective.closedAt === null ? null : isoInstant(objective.closedAt),
      score: objective.score,
      createdAt: isoInstant(objective.createdAt),
      vivaKind: 'big-rock',
      existingId: context.index.idOf('objective', objective.id),
    };
  });
}

function planKeyResults(context: Context, periods: ReadonlyMap<string, Period>): PlannedKeyResult[] {
  return context.document.keyResults.flatMap((keyResult) => {
    const period = periods.get(keyResult.objectiveId);
    if (period === undefined) {
      context.notes.skip('keyResult', keyResult.id, `its objective ${keyResult.objectiveId.slice(0, 100)} is not in the export (or was skipped)`);
      return [];
    }
    const percentage = keyResult.startValue === 0 && keyResult.targetValue === 100 && keyResult.unit === '%';
    return [
      {
        externalId: keyResult.id,
        objectiveExternalId: keyResult.objectiveId,
        title: keyResult.title.trim() || '(untitled)',
        ownerEmail: personEmail(context, keyResult.ownerId, `Key result ${keyResult.id}`),
        kind: percentage ? 'percentage' : 'metric',
        startValue: boundedValue(keyResult.startValue),
        targetValue: boundedValue(keyResult.targetValue),
        unit: keyResult.unit,
        currentValue: boundedValue(keyResult.currentValue),
        weight: keyResult.weight > 0 ? Math.min(WEIGHT_MAX, keyResult.weight) : 1,
        milestones: milestonesOf(keyResult.milestones, period, boundedValue, `Key result ${keyResult.id}`, context.notes),
        vivaStatus: null,
        closed: keyResult.closedAt !== null,
        closedAt: keyResult.closedAt === null ? null : isoInstant(keyResult.closedAt),
        score: keyResult.score,
        createdAt: isoInstant(keyResult.createdAt),
        existingId: context.index.idOf('keyResult', keyResult.id),
      },
    ];
  });
}

/** The objective or key result an entry belongs to, or null (the reason is noted) when the plan does not hold it. */
function targetOf(entry: { objectiveId: string | null; keyResultId: string | null }, targets: { objectives: Set<string>; keyResults: Set<string> }): PlannedTarget | string {
  if ((entry.objectiveId === null) === (entry.keyResultId === null)) return 'it must belong to exactly one objective or key result';
  if (entry.keyResultId !== null) return targets.keyResults.has(entry.keyResultId) ? { kind: 'keyResult', externalId: entry.keyResultId } : `its key result ${entry.keyResultId.slice(0, 100)} is not in the export (or was skipped)`;
  const objectiveId = entry.objectiveId ?? '';
  return targets.objectives.has(objectiveId) ? { kind: 'objective', externalId: objectiveId } : `its objective ${objectiveId.slice(0, 100)} is not in the export (or was skipped)`;
}

function planHistory(context: Context, targets: { objectives: Set<string>; keyResults: Set<string> }): { checkins: PlannedCheckin[]; comments: PlannedComment[] } {
  const checkins: PlannedCheckin[] = [];
  for (const checkIn of context.document.checkIns) {
    const target = targetOf(checkIn, targets);
    if (typeof target === 'string') {
      context.notes.skip('checkin', checkIn.id, target);
      continue;
    }
    const date = isoInstant(checkIn.createdAt);
    if (date === null) {
      context.notes.skip('checkin', checkIn.id, `its time "${checkIn.createdAt}" is not a date and time`);
      continue;
    }
    const author = personEmail(context, checkIn.authorId, `A check-in (${checkIn.id})`);
    const value = target.kind === 'objective' ? Math.min(1, Math.max(0, checkIn.value)) : boundedValue(checkIn.value);
    checkins.push({ externalId: checkIn.id, target, date, authorEmail: author, value, note: checkIn.note, vivaStatus: null, existingId: context.index.idOf('checkin', checkIn.id) });
  }
  const comments: PlannedComment[] = [];
  for (const comment of context.document.comments) {
    const target = targetOf(comment, targets);
    if (typeof target === 'string') {
      context.notes.skip('comment', comment.id, target);
      continue;
    }
    const author = personEmail(context, comment.authorId, `A comment (${comment.id})`);
    comments.push({ externalId: comment.id, target, authorEmail: author, createdAt: isoInstant(comment.createdAt), text: comment.text, existingId: context.index.idOf('comment', comment.id) });
  }
  return { checkins, comments };
}

/**
 * The document → the plan. Jira links are not part of the plan: those whose connection name is in
 * `connectionNames` (lower-cased) are linked again after the commit (jira-link-restore.ts, a warning
 * says how many); the rest are listed in skipped with the reason.
 */
export function planPacerDocument(document: PacerExport, existing: ExistingPacerData, limits: ImportLimits, connectionNames: ReadonlySet<string> = new Set()): VivaImportPlan {
  const notes = new ImportNotes(limits.maxStringLength);
  const context: Context = { document, existing, index: new ExistingIndex(existing), notes, emailOf: new Map() };
  const users = planUsers(context);
  const cycles = planCycles(context);
  const teams = planTeams(context);
  const cyclesById = new Map(cycles.map((cycle) => [cycle.externalId, cycle]));
  const objectives = planObjectives(context, cyclesById, new Set(teams.map((team) => team.externalId)));
  const periods = new Map(objectives.map((objective) => [objective.externalId, periodOf({ ...objective, cycleId: objective.cycleExternalId }, cyclesById)]));
  const keyResults = planKeyResults(context, periods);
  const planned = { objectives: new Set(objectives.map((o) => o.externalId)), keyResults: new Set(keyResults.map((k) => k.externalId)) };
  const { checkins, comments } = planHistory(context, planned);
  let relinked = 0;
  for (const link of document.jiraLinks) {
    const owner = link.keyResultId === null ? `objective ${link.objectiveId ?? ''}` : `key result ${link.keyResultId}`;
    // Sets, not a scan per link: a restore may hold thousands of links and of objectives.
    const held = link.keyResultId !== null ? planned.keyResults.has(link.keyResultId) : link.objectiveId !== null && planned.objectives.has(link.objectiveId);
    if (link.connectionName !== null && connectionNames.has(link.connectionName.trim().toLowerCase()) && held) {
      relinked += 1;
      continue;
    }
    const why = !held
      ? 'its item is not imported'
      : link.connectionName === null
        ? 'its connection was deleted before the export'
        : `this Pacer has no Jira connection named "${link.connectionName}"`;
    notes.skip('jiraLink', link.keyResultId ?? link.objectiveId, `the Jira link of ${owner} (${link.metric}: ${link.jql.slice(0, 200)}) is not restored: ${why}; add the connection in Admin > Integrations and import again, or link the item again (Edit link)`);
  }
  if (relinked > 0) notes.warn(`${relinked} Jira link${relinked === 1 ? ' is' : 's are'} linked again to the connection of the same name; ${relinked === 1 ? 'it syncs' : 'they sync'} at the next sync round`);
  if (users.some((user) => user.existingId === null)) notes.warn('Users new to this Pacer are created deactivated and without a password (an export holds no passwords); an admin invites them from Admin > Users');
  return { source: 'pacer', cycles, teams, users, objectives, keyResults, checkins, comments, skipped: notes.skipped, warnings: notes.warnings };
}

export function planPacerDocumentImport(bytes: Uint8Array, existing: ExistingPacerData, limits: ImportLimits): VivaImportPlan {
  return planPacerDocument(readPacerDocument(bytes, limits), existing, limits);
}
