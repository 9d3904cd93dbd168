/** Key results: measurable outcomes under an objective, moving from a start value towards a target. */
import type { Kysely } from 'kysely';
import type { Period } from '../../core';
import type { ObjectiveRecord } from '../db/repositories/objectives-repository';
import { recordKeyResultCheckIn } from '../db/repositories/check-ins-repository';
import {
  deleteKeyResultCascade,
  findKeyResult,
  insertKeyResult,
  updateKeyResult,
  type KeyResultChanges,
  type KeyResultRecord,
} from '../db/repositories/key-results-repository';
import type { Database } from '../db/schema';
import type { CurrentUser } from '../auth/current-user';
import { assertMayEditKeyResult, assertMayEditObjective } from '../auth/okr-permissions';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors';
import { presentOneKeyResult } from './objectives-evaluation';
import { requireCycle } from './cycles-service';
import { checkMilestones, writeKeyResultMilestones } from './objective-relations';
import { checkOwner, ownerOrCreator, requireObjective } from './objectives-service';
import { objectivePeriod } from './okr-presenters';
import type { KeyResultView } from './okr-presenters';
import { assertNotLinked } from './sync/link-guard';

/** The note on the check-in that an edit of the current value leaves in the history. */
export const EDITED_VALUE_NOTE = 'Edited value';

export interface CreateKeyResultInput {
  title: string;
  startValue: number;
  targetValue: number;
  currentValue?: number;
  unit?: string;
  weight?: number;
  ownerId?: string | null;
  milestones?: ReadonlyArray<{ date: string; value: number }>;
}

export type ChangeKeyResultInput = Partial<CreateKeyResultInput>;

export async function requireKeyResult(db: Kysely<Database>, id: string): Promise<KeyResultRecord> {
  const keyResult = await findKeyResult(db, id);
  if (!keyResult) throw new NotFoundError(`Key result ${id}`);
  return keyResult;
}

/** Start equal to target leaves no distance to measure progress along. */
function checkDistinctValues(startValue: number, targetValue: number, problems: FieldProblem[]): void {
  if (startValue === targetValue) {
    problems.push({
      field: 'targetValue',
      message: `must differ from the start value (${startValue}); progress is measured as the distance travelled from start to target`,
    });
  }
}

export async function createKeyResult(
  db: Kysely<Database>,
  objectiveId: string,
  input: CreateKeyResultInput,
  creator: CurrentUser,
  now: Date,
): Promise<KeyResultView> {
  const objective = await requireObjective(db, objectiveId);
  // A new key result changes how the objective is measured: the objective's rule applies.
  await assertMayEditObjective(db, creator, objective, 'addKeyResult');
  const problems: FieldProblem[] = [];
  const ownerId = ownerOrCreator(input.ownerId, creator.id);
  checkDistinctValues(input.startValue, input.targetValue, problems);
  await checkOwner(db, ownerId, problems);
  if (input.milestones !== undefined) checkMilestones(input.milestones, await periodOf(db, objective), problems);
  if (problems.length > 0) throw new ValidationError(problems);

  const created = await db.transaction().execute(async (trx) => {
    const keyResult = await insertKeyResult(
      trx,
      {
        objectiveId,
        title: input.title,
        ownerId,
        startValue: input.startValue,
        targetValue: input.targetValue,
        currentValue: input.currentValue ?? input.startValue,
        unit: input.unit ?? '',
        weight: input.weight ?? 1,
      },
      now.toISOString(),
    );
    await writeKeyResultMilestones(trx, { keyResultId: keyResult.id }, input.milestones);
    return keyResult;
  });
  return presentOneKeyResult(db, created, objective, now, creator);
}

export async function getKeyResultView(db: Kysely<Database>, id: string, now: Date, viewer: CurrentUser): Promise<KeyResultView> {
  const keyResult = await requireKeyResult(db, id);
  return presentOneKeyResult(db, keyResult, await requireObjective(db, keyResult.objectiveId), now, viewer);
}

/**
 * Changes a key result. A new current value is recorded as a check-in ("Edited value", by the
 * editor) in the same transaction, so editing never rewrites the value without a trace in the history.
 */
export async function changeKeyResult(
  db: Kysely<Database>,
  id: string,
  input: ChangeKeyResultInput,
  editor: CurrentUser,
  now: Date,
): Promise<KeyResultView> {
  const current = await requireKeyResult(db, id);
  await assertMayEditKeyResult(db, editor, current, 'change');
  const newValue = input.currentValue !== undefined && input.currentValue !== current.currentValue ? input.currentValue : null;
  if (newValue !== null) await assertNotLinked(db, { keyResultId: id }, `Key result "${current.title}"`);
  const problems: FieldProblem[] = [];
  if (input.startValue !== undefined || input.targetValue !== undefined) {
    checkDistinctValues(input.startValue ?? current.startValue, input.targetValue ?? current.targetValue, problems);
  }
  if (input.ownerId !== undefined) await checkOwner(db, input.ownerId, problems);
  if (input.milestones !== undefined) checkMilestones(input.milestones, await periodOf(db, await requireObjective(db, current.objectiveId)), problems);
  if (problems.length > 0) throw new ValidationError(problems);

  const changes: KeyResultChanges = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    ...(input.startValue !== undefined ? { startValue: input.startValue } : {}),
    ...(input.targetValue !== undefined ? { targetValue: input.targetValue } : {}),
    ...(input.unit !== undefined ? { unit: input.unit } : {}),
    ...(input.weight !== undefined ? { weight: input.weight } : {}),
  };
  await db.transaction().execute(async (trx) => {
    await updateKeyResult(trx, id, changes, now.toISOString());
    if (newValue !== null) await recordKeyResultCheckIn(trx, id, { value: newValue, note: EDITED_VALUE_NOTE, authorId: editor.id }, now);
    await writeKeyResultMilestones(trx, { keyResultId: id }, input.milestones);
  });
  return getKeyResultView(db, id, now, editor);
}

/** The period a key result's milestones must fall in: its objective's. */
async function periodOf(db: Kysely<Database>, objective: ObjectiveRecord): Promise<Period> {
  return objectivePeriod(objective, await requireCycle(db, objective.cycleId));
}

export async function removeKeyResult(db: Kysely<Database>, id: string, remover: CurrentUser): Promise<void> {
  await assertMayEditKeyResult(db, remover, await requireKeyResult(db, id), 'delete');
  await deleteKeyResultCascade(db, id);
}
