/**
 * Organisation settings. Today: the status thresholds (how far behind expected progress an
 * objective may fall before it is "behind" / "at risk"). OKR services read them through
 * getStatusThresholds so every status uses the admin's choice.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_STATUS_THRESHOLDS, validateThresholds, type StatusThresholds } from '../../core/index';
import { readSettings, writeSetting } from '../db/repositories/settings-repository';
import type { Database } from '../db/schema';
import { ValidationError } from '../errors';

const BEHIND_KEY = 'status.behindThreshold';
const AT_RISK_KEY = 'status.atRiskThreshold';

export type SettingsDto = StatusThresholds;

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export async function getStatusThresholds(db: Kysely<Database>): Promise<StatusThresholds> {
  const stored = await readSettings(db, [BEHIND_KEY, AT_RISK_KEY]);
  const thresholds = {
    behindThreshold: numberOr(stored.get(BEHIND_KEY), DEFAULT_STATUS_THRESHOLDS.behindThreshold),
    atRiskThreshold: numberOr(stored.get(AT_RISK_KEY), DEFAULT_STATUS_THRESHOLDS.atRiskThreshold),
  };
  // A hand-edited database with contradictory values must not produce nonsense statuses.
  return validateThresholds(thresholds) === null ? thresholds : { ...DEFAULT_STATUS_THRESHOLDS };
}

export async function getSettings(db: Kysely<Database>): Promise<SettingsDto> {
  return getStatusThresholds(db);
}

export async function updateSettings(db: Kysely<Database>, changes: Partial<StatusThresholds>): Promise<SettingsDto> {
  return db.transaction().execute(async (trx) => {
    const merged = { ...(await getStatusThresholds(trx)), ...definedOnly(changes) };
    const problem = validateThresholds(merged);
    if (problem) {
      const field = changes.atRiskThreshold !== undefined && changes.behindThreshold === undefined ? 'atRiskThreshold' : 'behindThreshold';
      throw ValidationError.field(field, problem);
    }
    const now = new Date().toISOString();
    await writeSetting(trx, BEHIND_KEY, merged.behindThreshold, now);
    await writeSetting(trx, AT_RISK_KEY, merged.atRiskThreshold, now);
    return merged;
  });
}

function definedOnly(changes: Partial<StatusThresholds>): Partial<StatusThresholds> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
