/**
 * GET /api/v1/exports/okrs.csv?cycleId=: one cycle's OKRs for a spreadsheet, one row per objective
 * and per key result, with the progress and status the API presents (the same presenters as the
 * OKR page). Anyone signed in may read it, as anyone signed in may read the OKRs and the users
 * list. Text that a spreadsheet would run as a formula (a cell starting with = + - @, or a tab or
 * carriage return before one) is neutralised with a leading apostrophe; numbers Pacer writes are
 * numbers and stay as they are. A byte order mark leads, so Excel reads the text as UTF-8.
 */
import type { Kysely } from 'kysely';
import type { Objective } from '../../../contract/objectives';
import type { CurrentUser } from '../../auth/current-user';
import { findObjectivesByIds } from '../../db/repositories/objectives-repository';
import type { Database } from '../../db/schema';
import { requireCycle } from '../cycles-service';
import { listObjectiveViews } from '../objectives-service';
import { listUsers } from '../users-service';

export const OKR_CSV_HEADER = ['Cycle', 'Type', 'Title', 'Owner email', 'Parent', 'Progress %', 'Status', 'Start', 'Target', 'Current', 'Unit'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet reads as text: formulas neutralised, then quoted per RFC 4180. */
export function csvTextCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvNumberCell(value: number | null): string {
  return value === null ? '' : String(value);
}

function progressPercent(progress: number | null): number | null {
  return progress === null ? null : Math.round(progress * 1000) / 10;
}

export interface OkrCsv {
  fileName: string;
  text: string;
}

export async function buildOkrCsv(db: Kysely<Database>, cycleId: string, viewer: CurrentUser, now: Date): Promise<OkrCsv> {
  const cycle = await requireCycle(db, cycleId);
  const objectives = await listObjectiveViews(db, cycleId, now, viewer);
  const emailOf = new Map((await listUsers(db)).map((user) => [user.id, user.email]));
  const titleOf = new Map(objectives.map((objective) => [objective.id, objective.title]));
  // Parents may sit in another cycle: their titles are read in one query.
  const elsewhere = objectives.flatMap((objective) => objective.parents.map((parent) => parent.objectiveId)).filter((id) => !titleOf.has(id));
  for (const [id, record] of await findObjectivesByIds(db, elsewhere)) titleOf.set(id, record.title);

  const email = (ownerId: string | null) => (ownerId === null ? '' : (emailOf.get(ownerId) ?? ''));
  const rows: string[] = [OKR_CSV_HEADER.join(',')];
  const objectiveRow = (objective: Objective) => {
    const parentId = objective.parents[0]?.objectiveId ?? null;
    return [csvTextCell(cycle.name), 'Objective', csvTextCell(objective.title), csvTextCell(email(objective.ownerId)), csvTextCell(parentId === null ? '' : (titleOf.get(parentId) ?? parentId)), csvNumberCell(progressPercent(objective.progress)), objective.status, '', '', '', ''];
  };
  for (const objective of objectives) {
    rows.push(objectiveRow(objective).join(','));
    for (const keyResult of objective.keyResults) {
      rows.push(
        [
          csvTextCell(cycle.name),
          'Key result',
          csvTextCell(keyResult.title),
          csvTextCell(email(keyResult.ownerId)),
          csvTextCell(objective.title),
          csvNumberCell(progressPercent(keyResult.progress)),
          keyResult.status,
          csvNumberCell(keyResult.startValue),
          csvNumberCell(keyResult.targetValue),
          csvNumberCell(keyResult.currentValue),
          csvTextCell(keyResult.unit),
        ].join(','),
      );
    }
  }
  const safeName = cycle.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'cycle';
  return { fileName: `okrs-${safeName}.csv`, text: `\uFEFF${rows.join('\r\n')}\r\n` };
}
