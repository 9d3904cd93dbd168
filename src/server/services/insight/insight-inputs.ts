/**
 * What the insight of a link is worked out from, read from the database: the day groups of its
 * query's current members (by the link's done rule and metric), its item's period and today's UTC
 * date. Shared by the insight request and the forecast refresh after a sync.
 */
import { effectivePeriod, type MemberDayGroup, type Period } from '../../../core';
import { listMemberDayGroups, type ItemDates, type SnapshotDoneFilter } from '../../db/repositories/insight-repository';
import type { Db } from '../../db/repositories/integration-links-repository';
import { listMemberStatuses } from '../../db/repositories/query-issues-repository';
import type { DoneRule, LinkOptions } from '../sync/link-options';
import { doneBySnapshot } from '../sync/link-options';
import type { MetricName } from '../../../core';

/** The server's current UTC calendar date. */
export function utcToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function periodOf(dates: ItemDates): Period {
  return effectivePeriod(dates, { startDate: dates.cycleStartDate, endDate: dates.cycleEndDate });
}

/** The link's done rule as the database applies it; a status-name rule becomes the exact snapshot names among the members that match it. */
export async function snapshotDoneFilter(db: Db, queryHash: string, rule: DoneRule): Promise<SnapshotDoneFilter> {
  if (rule.type !== 'statuses') return { type: rule.type };
  // Lower-casing in JavaScript, not SQL: SQLite's lower() leaves non-ASCII letters alone.
  const statuses = await listMemberStatuses(db, queryHash);
  return { type: 'statuses', doneStatuses: statuses.filter((status) => doneBySnapshot(rule, { status, statusCategory: '', hasResolution: false })) };
}

/** The numeric field whose sum the groups carry: only field_sum links have one. */
export function summedField(metric: MetricName, options: Pick<LinkOptions, 'field'>): string | null {
  return metric === 'field_sum' ? options.field : null;
}

/** The member day groups of the query a link last synced, by its rule and metric. */
export async function memberGroupsOf(db: Db, queryHash: string, metric: MetricName, options: Pick<LinkOptions, 'doneRule' | 'field'>): Promise<MemberDayGroup[]> {
  return listMemberDayGroups(db, queryHash, await snapshotDoneFilter(db, queryHash, options.doneRule), summedField(metric, options));
}

/** What `computeInsight` takes as the metric's options. */
export function metricOptionsOf(options: LinkOptions): { startValue: number | null; targetValue: number | null; countAll: boolean } {
  return { startValue: options.startValue, targetValue: options.targetValue, countAll: options.countAll };
}
