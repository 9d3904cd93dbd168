/**
 * The import's commit step (issue 14): a plan (planVivaImport, or a Pacer document's plan) written
 * in ONE transaction, so an error anywhere leaves nothing half-imported. Rows the plan matched
 * (existingId) are updated, never duplicated; every planned item's external id is remembered in
 * external_refs, so importing the same file again creates nothing. Check-ins and comments are
 * history: one already imported is not added again, nor changed. Writes are batched
 * (import-repository.ts) in foreign-key order: users, cycles, teams, objectives (parents first),
 * key results, alignment, teams and milestones, check-ins, comments, refs.
 */
import type { Kysely } from 'kysely';
import type { ImportReport } from '../../../contract/imports';
import {
  existingIdsOf,
  findUserIdsByEmails,
  insertDeactivatedUsers,
  listCycleDates,
  listLiveImportedRefs,
  listTeamNames,
  listUserEmails,
  saveExternalRefs,
  type ImportKind,
  type ImportedRef,
} from '../../db/repositories/import-repository';
import type { Database } from '../../db/schema';
import type { Db } from '../../db/database';
import type { ExistingPacerData, PlanCounts, VivaImportPlan } from '../../imports/viva-import-plan-types';
import { vivaImportReport } from '../../imports/viva-import-report';
import { writeCheckinsAndComments, writeCycles, writeKeyResults, writeObjectives, writeTeams, type CommitState } from './import-commit-writes';

/** The external_refs source of Viva Goals plans (any export form: they share Viva's ids). */
export const VIVA_REF_SOURCE = 'viva';

export interface CommitImportOptions {
  /** The importing admin: the author of check-ins whose author the file does not name. */
  actorId: string;
  now: Date;
  /** external_refs.source the plan's ids belong to: 'viva' (default) or 'pacer' for a Pacer export document. */
  refSource?: string;
}

/**
 * What Pacer holds that planVivaImport matches against: users (by email), cycles (name and dates),
 * teams (name) and the rows an earlier import of `refSource` made that still exist.
 */
export async function loadExistingPacerData(db: Db, refSource: string = VIVA_REF_SOURCE): Promise<ExistingPacerData> {
  const [users, cycles, teams, refs] = await Promise.all([listUserEmails(db), listCycleDates(db), listTeamNames(db), listLiveImportedRefs(db, refSource)]);
  return { users, cycles, teams, imported: refs.map((ref) => ({ kind: ref.kind, externalId: ref.externalId, id: ref.localId })) };
}

const zeroCounts = (): PlanCounts => ({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });

/** Matched ids the plan carries that no longer exist (deleted since the plan was made) are created again. */
async function liveMatches(db: Db, plan: VivaImportPlan): Promise<Map<ImportKind, Set<string>>> {
  const matchedIds = (rows: { existingId: string | null }[]) => rows.map((row) => row.existingId).filter((id) => id !== null);
  const lists: [ImportKind, string[]][] = [
    ['cycle', matchedIds(plan.cycles)],
    ['team', matchedIds(plan.teams)],
    ['user', matchedIds(plan.users)],
    ['objective', matchedIds(plan.objectives)],
    ['keyResult', matchedIds(plan.keyResults)],
    ['checkin', matchedIds(plan.checkins)],
    ['comment', matchedIds(plan.comments)],
  ];
  const live = new Map<ImportKind, Set<string>>();
  for (const [kind, ids] of lists) live.set(kind, await existingIdsOf(db, kind, ids));
  return live;
}

/** Users by email: matched ones (an earlier import, else the same email now), the rest created deactivated without a password. */
async function writeUsers(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const { trx, created, matched, refs, live } = state;
  const byEmail = await findUserIdsByEmails(trx, plan.users.map((user) => user.email));
  const toCreate: { id: string; email: string; name: string }[] = [];
  for (const user of plan.users) {
    const email = user.email.toLowerCase();
    if (state.userIds.has(email)) continue;
    let id = user.existingId !== null && live.get('user')?.has(user.existingId) ? user.existingId : (byEmail.get(email) ?? null);
    if (id === null) {
      id = crypto.randomUUID();
      toCreate.push({ id, email, name: user.name });
      created.user += 1;
    } else {
      matched.user += 1;
    }
    state.userIds.set(email, id);
    if (user.externalId !== null) refs.push({ kind: 'user', externalId: user.externalId, localId: id });
  }
  await insertDeactivatedUsers(trx, toCreate, state.now);
}

/**
 * Writes the plan in one transaction and answers the report of what was done: `created` and
 * `matched` count the rows written, `counts`, `skipped` and `warnings` come from the plan. Throws
 * (and writes nothing) when a row cannot be written; the caller maps the error.
 */
export async function commitImportPlan(db: Kysely<Database>, plan: VivaImportPlan, options: CommitImportOptions): Promise<ImportReport> {
  const refSource = options.refSource ?? VIVA_REF_SOURCE;
  const now = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const state: CommitState = {
      trx,
      now,
      actorId: options.actorId,
      created: zeroCounts(),
      matched: zeroCounts(),
      refs: [] as ImportedRef[],
      warnings: [],
      live: await liveMatches(trx, plan),
      userIds: new Map(),
      cycleIds: new Map(),
      teamIds: new Map(),
      objectiveIds: new Map(),
      keyResultIds: new Map(),
    };
    await writeUsers(state, plan);
    await writeCycles(state, plan);
    await writeTeams(state, plan);
    await writeObjectives(state, plan);
    await writeKeyResults(state, plan);
    await writeCheckinsAndComments(state, plan);
    await saveExternalRefs(trx, refSource, state.refs, now);
    const planned = vivaImportReport(plan, false);
    return { ...planned, created: state.created, matched: state.matched, warnings: [...planned.warnings, ...state.warnings] };
  });
}
