/**
 * Who may change an OKR, in one place. Reading is open to every signed-in user; editing, deleting,
 * checking in on and linking (save, unlink, refresh) an objective or key result is for:
 *  - an objective: its owner and admins;
 *  - a key result: its own owner, the owner of its objective (who answers for the whole objective,
 *    so may tidy its key results too) and admins.
 * Adding a key result changes its objective, so it follows the objective's rule. An item without
 * an owner is changed by admins only. The admin setting `okrs.everyoneMayEdit` (default false)
 * lets every signed-in user change every OKR, as Pacer did before this rule.
 *
 * The services call the assert* functions after finding the item (an unknown id stays a 404) and
 * before any other check; the presenters use an OkrEditor, built once per request, for `canEdit`.
 */
import type { Kysely } from 'kysely';
import type { LinkTarget } from '../db/repositories/integration-links-repository';
import { findKeyResult } from '../db/repositories/key-results-repository';
import { findObjective } from '../db/repositories/objectives-repository';
import { readSettings, writeSetting } from '../db/repositories/settings-repository';
import { findUsersByIds } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import { AppError, NotFoundError } from '../errors';
import type { CurrentUser } from './current-user';

export const EVERYONE_MAY_EDIT_KEY = 'okrs.everyoneMayEdit';

/** What the caller was refused, worded around the item for the message ("link objective "X" to Jira"). */
const ACTION_WORDING = {
  change: (what: string) => `change ${what}`,
  delete: (what: string) => `delete ${what}`,
  checkIn: (what: string) => `check in on ${what}`,
  addKeyResult: (what: string) => `add key results to ${what}`,
  link: (what: string) => `link ${what} to Jira`,
  unlink: (what: string) => `unlink ${what} from Jira`,
  refresh: (what: string) => `refresh ${what} from Jira`,
} as const;

export type OkrAction = keyof typeof ACTION_WORDING;

/** 403 `not_owner`: the caller may read the item but not change it; the message names whom to ask. */
export class NotOwnerError extends AppError {
  constructor(message: string) {
    super(403, 'not_owner', message);
  }
}

export async function getEveryoneMayEdit(db: Kysely<Database>): Promise<boolean> {
  // Anything but a stored `true` (absent, hand-edited nonsense) keeps the safe default.
  return (await readSettings(db, [EVERYONE_MAY_EDIT_KEY])).get(EVERYONE_MAY_EDIT_KEY) === true;
}

export async function setEveryoneMayEdit(db: Kysely<Database>, value: boolean, now: Date): Promise<boolean> {
  await writeSetting(db, EVERYONE_MAY_EDIT_KEY, value, now.toISOString());
  return value;
}

interface Owned {
  ownerId: string | null;
}

/** The rule for one caller, decided without queries once the setting is known (lists of 2,000 objectives). */
export interface OkrEditor {
  mayEditObjective(objective: Owned): boolean;
  mayEditKeyResult(keyResult: Owned, objective: Owned): boolean;
}

export function okrEditor(user: CurrentUser, everyoneMayEdit: boolean): OkrEditor {
  const free = everyoneMayEdit || user.role === 'admin';
  const owns = (item: Owned) => item.ownerId !== null && item.ownerId === user.id;
  return {
    mayEditObjective: (objective) => free || owns(objective),
    mayEditKeyResult: (keyResult, objective) => free || owns(keyResult) || owns(objective),
  };
}

export async function loadOkrEditor(db: Kysely<Database>, user: CurrentUser): Promise<OkrEditor> {
  // Admins never need the setting: save the query.
  return okrEditor(user, user.role === 'admin' ? false : await getEveryoneMayEdit(db));
}

/** "Dana (its owner)", "Lee (its objective's owner)": whom the refused caller can ask, by role. */
async function ownerNames(db: Kysely<Database>, owners: ReadonlyArray<{ id: string | null; role: string }>): Promise<string[]> {
  const known = owners.filter((o): o is { id: string; role: string } => o.id !== null);
  const users = await findUsersByIds(db, [...new Set(known.map((o) => o.id))]);
  const seen = new Set<string>();
  return known.flatMap((o) => {
    if (seen.has(o.id)) return [];
    seen.add(o.id);
    return [`${users.get(o.id)?.name ?? 'a former user'} (${o.role})`];
  });
}

function refusal(action: OkrAction, what: string, owners: string[]): NotOwnerError {
  const settingHint = 'an admin can also let everyone edit every OKR in Admin > Settings';
  if (owners.length === 0) {
    return new NotOwnerError(`Only an admin may ${ACTION_WORDING[action](what)}: it has no owner. Ask an admin to do it or to make you its owner (${settingHint}).`);
  }
  const who = owners.join(' or ');
  return new NotOwnerError(`Only ${who} or an admin may ${ACTION_WORDING[action](what)}. Ask them to do it or to make you its owner, or ask an admin (${settingHint}).`);
}

export async function assertMayEditObjective(
  db: Kysely<Database>,
  user: CurrentUser,
  objective: Owned & { title: string },
  action: OkrAction,
): Promise<void> {
  if ((await loadOkrEditor(db, user)).mayEditObjective(objective)) return;
  throw refusal(action, `objective "${objective.title}"`, await ownerNames(db, [{ id: objective.ownerId, role: 'its owner' }]));
}

/** The objective is looked up here (one query) because its owner may change the key result too. */
export async function assertMayEditKeyResult(
  db: Kysely<Database>,
  user: CurrentUser,
  keyResult: Owned & { title: string; objectiveId: string },
  action: OkrAction,
): Promise<void> {
  const editor = await loadOkrEditor(db, user);
  // Admins, the setting and the key result's own owner need no look-up of the objective.
  if (editor.mayEditKeyResult(keyResult, { ownerId: null })) return;
  const objective = await findObjective(db, keyResult.objectiveId);
  const objectiveOwner: Owned = { ownerId: objective?.ownerId ?? null };
  if (editor.mayEditKeyResult(keyResult, objectiveOwner)) return;
  throw refusal(action, `key result "${keyResult.title}"`, await ownerNames(db, [
    { id: keyResult.ownerId, role: 'its owner' },
    { id: objectiveOwner.ownerId, role: "its objective's owner" },
  ]));
}

/** For the Jira link routes, which name their item by id: 404 when it does not exist, as before. */
export async function assertMayLink(db: Kysely<Database>, user: CurrentUser, target: LinkTarget, action: OkrAction): Promise<void> {
  if (target.objectiveId !== undefined) {
    const objective = await findObjective(db, target.objectiveId);
    if (!objective) throw new NotFoundError(`Objective ${target.objectiveId}`);
    await assertMayEditObjective(db, user, objective, action);
    return;
  }
  const keyResult = await findKeyResult(db, target.keyResultId);
  if (!keyResult) throw new NotFoundError(`Key result ${target.keyResultId}`);
  await assertMayEditKeyResult(db, user, keyResult, action);
}
