/**
 * The admin setting "status uses the forecast" (`okrs.statusUsesForecast`, off by default): when on,
 * a Jira-linked objective or key result whose stored forecast finishes after its period end, or
 * does not finish at the current pace while not done, is at least Behind even when its progress is
 * above the expected line today. The forecast is the one stored after the link's last sync.
 */
import type { Kysely } from 'kysely';
import { forecastMakesBehind, type ProgressStatus } from '../../../core';
import type { StoredForecast } from '../../db/repositories/insight-repository';
import { readSettings, writeSetting } from '../../db/repositories/settings-repository';
import type { Database } from '../../db/schema';

export const STATUS_USES_FORECAST_KEY = 'okrs.statusUsesForecast';

export async function getStatusUsesForecast(db: Kysely<Database>): Promise<boolean> {
  // Anything but a stored `true` keeps the default (off).
  return (await readSettings(db, [STATUS_USES_FORECAST_KEY])).get(STATUS_USES_FORECAST_KEY) === true;
}

export async function setStatusUsesForecast(db: Kysely<Database>, value: boolean, now: Date): Promise<boolean> {
  await writeSetting(db, STATUS_USES_FORECAST_KEY, value, now.toISOString());
  return value;
}

/**
 * The status with the forecast applied: On track becomes Behind when the forecast says so. Behind
 * and At risk stay (they are already at least Behind); Not started stays (nothing measured yet).
 */
export function statusWithForecast(status: ProgressStatus, forecast: Pick<StoredForecast, 'reason' | 'finishesBeforeEnd'> | null | undefined, enabled: boolean): ProgressStatus {
  if (!enabled || !forecast || status !== 'on_track') return status;
  return forecastMakesBehind(forecast) ? 'behind' : status;
}
