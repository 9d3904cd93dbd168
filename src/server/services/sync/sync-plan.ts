/**
 * Sync stage 1, plan: which distinct queries the links need (links with the same connection and
 * effective JQL share one), which fields those queries must ask Jira for, and how each link sees
 * the issues (its done rule and the amount it sums).
 */
import type { Period } from '../../../core';
import { findConnectionScopes } from '../../db/repositories/jira-connections-repository';
import { findTargetPeriods } from '../../db/repositories/link-targets-repository';
import type { Db, LinkMetric, LinkTarget } from '../../db/repositories/integration-links-repository';
import type { StoredForecast } from '../../db/repositories/insight-repository';
import { effectiveJql, queryHash, type LinkOptions } from './link-options';
import type { FieldNeeds, LinkViewSpec } from './matching-issues';

/** What a sync needs to know about a link (a saved LinkRecord, or one about to be saved). */
export interface LinkSpec {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  connectionId: string | null;
  jql: string;
  metric: LinkMetric;
  options: LinkOptions;
  /** Progress before this sync (the "before" of the run record). */
  progress: number | null;
  /** The query the link last synced, when known (a saved link): a sync moving it elsewhere may leave that query unused. */
  syncedQueryHash?: string | null;
  /** The forecast stored after its last sync, when known: a steady sync the same day need not work it out again. */
  forecast?: StoredForecast | null;
}

export interface LinkQuery {
  connectionId: string;
  jql: string;
  hash: string;
}

export function targetOf(spec: Pick<LinkSpec, 'objectiveId' | 'keyResultId'>): LinkTarget {
  return spec.objectiveId !== null ? { objectiveId: spec.objectiveId } : { keyResultId: spec.keyResultId ?? '' };
}

/** The effective query of each link (period-scoped links need their item's period; every link its connection's scope). */
export async function queriesFor(db: Db, specs: readonly LinkSpec[]): Promise<Map<string, LinkQuery | null>> {
  const scoped = specs.filter((spec) => spec.options.periodScoped);
  const periods = scoped.length > 0 ? await findTargetPeriods(db, scoped.map(targetOf)) : new Map<string, Period>();
  const scopes = await findConnectionScopes(db, specs.flatMap((spec) => (spec.connectionId === null ? [] : [spec.connectionId])));
  const queries = new Map<string, LinkQuery | null>();
  for (const spec of specs) {
    if (spec.connectionId === null) {
      queries.set(spec.id, null);
      continue;
    }
    const period = periods.get(spec.objectiveId ?? spec.keyResultId ?? '') ?? null;
    const jql = effectiveJql(spec.jql, spec.options, period, scopes.get(spec.connectionId) ?? null);
    queries.set(spec.id, { connectionId: spec.connectionId, jql, hash: queryHash(spec.connectionId, jql) });
  }
  return queries;
}

/** Items grouped by the query their link needs; links without a connection each get a group of their own (query null). */
export async function groupByQuery<T extends { spec: LinkSpec }>(db: Db, items: readonly T[]): Promise<Array<{ query: LinkQuery | null; items: T[] }>> {
  const queries = await queriesFor(db, items.map((item) => item.spec));
  const groups = new Map<string, { query: LinkQuery | null; items: T[] }>();
  for (const item of items) {
    const query = queries.get(item.spec.id) ?? null;
    const key = query?.hash ?? `unconnected:${item.spec.id}`;
    const group = groups.get(key) ?? { query, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function fieldNeedsOf(specs: ReadonlyArray<Pick<LinkSpec, 'metric' | 'options'>>): FieldNeeds {
  return {
    storyPoints: specs.some((spec) => spec.metric === 'points_done'),
    numericFields: [...new Set(specs.flatMap((spec) => (spec.metric === 'field_sum' && spec.options.field !== null ? [spec.options.field] : [])))],
  };
}

export function viewOf(spec: Pick<LinkSpec, 'metric' | 'options'>): LinkViewSpec {
  return { doneRule: spec.options.doneRule, usesPoints: spec.metric === 'points_done', field: spec.metric === 'field_sum' ? spec.options.field : null };
}
