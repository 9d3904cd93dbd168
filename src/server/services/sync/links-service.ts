/**
 * Linking an objective or key result to Jira: save (which syncs at once), read, unlink, refresh,
 * and the run and issue lists. Saving asks Jira first, so a query Jira rejects is never saved;
 * Jira being down only means the new link starts with the error recorded.
 */
import { isUniqueViolation } from '../../db/database';
import { findJiraConnection } from '../../db/repositories/jira-connections-repository';
import {
  deleteLink,
  findLink,
  findLinkOf,
  insertLink,
  updateLinkDefinition,
  type LinkRecord,
  type LinkTarget,
} from '../../db/repositories/integration-links-repository';
import { findKeyResult } from '../../db/repositories/key-results-repository';
import { recordKeyResultUnlinked, returnObjectiveToManual } from '../../db/repositories/link-targets-repository';
import { findObjective } from '../../db/repositories/objectives-repository';
import { listItemSyncRuns, listSyncRuns, type SyncRunRecord } from '../../db/repositories/sync-runs-repository';
import { ConflictError, JiraConnectionRejectedError, NotFoundError, ValidationError } from '../../errors';
import { isJiraError, JIRA_ERROR_MESSAGES, type JiraErrorCode } from '../../../integrations/jira/index';
import { refreshLinkForecasts } from '../insight/forecast-refresh';
import { isJiraEnabled } from '../integrations-service';
import { SECRET_UNREADABLE_CODE } from '../jira-connection-presenter';
import { ConnectionUnavailableError, createJiraClientSource, DISCONNECTED_CODE } from './jira-clients';
import { checkLinkCap } from './link-cap';
import { buildOptions, resolveNumericField, type KeyResultScale, type LinkInput } from './link-input';
import { serialiseOptions, type LinkOptions } from './link-options';
import { presentLink, presentRun, type LinkView, type SyncRunView } from './link-presenter';
import { nextSlotAfter } from './schedule';
import {
  commitOutcome,
  LeaseLostError,
  pruneMirror,
  queriesFor,
  recordRunMetrics,
  syncQuery,
  type CommitContext,
  type LinkSpec,
  type SyncDeps,
  type SyncError,
} from './sync-engine';
import { syncLinksNow } from './sync-links';
import { getSyncIntervalMs } from './sync-settings';

/** A failure talking to Jira while answering a request: Jira's reason as a 422 the form can show. */
export function asRequestError(error: unknown): unknown {
  if (error instanceof ValidationError) return error;
  if (isJiraError(error)) return new JiraConnectionRejectedError(`jira_${error.code}`, error.message);
  if (error instanceof ConnectionUnavailableError && error.code === SECRET_UNREADABLE_CODE) {
    return new JiraConnectionRejectedError(SECRET_UNREADABLE_CODE, error.message);
  }
  return error;
}

/** A sync failure while answering a request (preview), as the 422 the form shows. */
export function syncErrorAsRequestError(error: SyncError): Error {
  if (error.code in JIRA_ERROR_MESSAGES) return new JiraConnectionRejectedError(`jira_${error.code as JiraErrorCode}`, error.message);
  if (error.code === SECRET_UNREADABLE_CODE) return new JiraConnectionRejectedError(SECRET_UNREADABLE_CODE, error.message);
  if (error.code === DISCONNECTED_CODE) return new ConflictError(error.message);
  return new Error(error.message);
}

export interface Actor {
  id: string;
  name: string;
}

/** Manual refreshes wait this long for a sync already in flight on the same link. */
const REFRESH_WAIT_MS = 30_000;

function describeTarget(target: LinkTarget): string {
  return target.objectiveId !== undefined ? `Objective ${target.objectiveId}` : `Key result ${target.keyResultId}`;
}

async function requireTarget(deps: SyncDeps, target: LinkTarget): Promise<{ keyResultScale: KeyResultScale | null }> {
  if (target.objectiveId !== undefined) {
    if (!(await findObjective(deps.db, target.objectiveId))) throw new NotFoundError(describeTarget(target));
    return { keyResultScale: null };
  }
  const kr = await findKeyResult(deps.db, target.keyResultId);
  if (!kr) throw new NotFoundError(describeTarget(target));
  return { keyResultScale: { startValue: kr.startValue, targetValue: kr.targetValue } };
}

async function requireLink(deps: SyncDeps, target: LinkTarget): Promise<LinkRecord> {
  await requireTarget(deps, target);
  const link = await findLinkOf(deps.db, target);
  if (!link) throw new NotFoundError(`The Jira link of ${describeTarget(target).toLowerCase()}`);
  return link;
}

async function assertJiraEnabled(deps: SyncDeps): Promise<void> {
  if (!(await isJiraEnabled(deps.db))) {
    throw new ConflictError('The Jira integration is disabled, so nothing can be linked or synced; ask an admin to enable it in Admin > Integrations.');
  }
}

async function viewOf(deps: SyncDeps, id: string, lastRun?: SyncRunRecord | null): Promise<LinkView> {
  const link = await findLink(deps.db, id);
  if (!link) throw new NotFoundError(`Link ${id}`);
  const run = lastRun === undefined ? ((await listSyncRuns(deps.db, id, 1))[0] ?? null) : lastRun;
  return presentLink(link, run);
}

/** What changed, in the words the activity shows: "JQL and metric edited by Dana". */
function editNote(before: LinkRecord, after: { connectionId: string; jql: string; metric: string; options: LinkOptions }, actor: Actor): string {
  const changed: string[] = [];
  if (before.connectionId !== after.connectionId) changed.push('connection');
  if (before.jql.trim() !== after.jql.trim()) changed.push('JQL');
  if (before.metric !== after.metric) changed.push('metric');
  if (serialiseOptions(before.options) !== serialiseOptions(after.options)) changed.push('options');
  if (changed.length === 0) return `Saved again without changes by ${actor.name}`;
  const list = changed.length === 1 ? changed[0] : `${changed.slice(0, -1).join(', ')} and ${changed.at(-1)}`;
  return `${list} edited by ${actor.name}`.replace(/^./, (c) => c.toUpperCase());
}

/** Creates or replaces the item's link and syncs it in the same transaction. */
export async function saveLink(deps: SyncDeps, target: LinkTarget, input: LinkInput, actor: Actor): Promise<{ link: LinkView; created: boolean }> {
  const now = (deps.now ?? (() => new Date()))();
  await assertJiraEnabled(deps);
  const { keyResultScale } = await requireTarget(deps, target);
  if (!(await findJiraConnection(deps.db, input.connectionId))) {
    throw ValidationError.field('connectionId', `no Jira connection has the id "${input.connectionId}"; pick one of the connections your admin set up`);
  }
  const options = buildOptions(input, keyResultScale);
  const clients = createJiraClientSource(deps);
  if (options.field !== null) {
    try {
      const { client } = await clients.clientFor(input.connectionId);
      options.field = await resolveNumericField(client, options.field);
    } catch (error) {
      throw asRequestError(error);
    }
  }

  const existing = await findLinkOf(deps.db, target);
  const spec: LinkSpec = {
    id: existing?.id ?? crypto.randomUUID(),
    objectiveId: target.objectiveId ?? null,
    keyResultId: target.keyResultId ?? null,
    connectionId: input.connectionId,
    jql: input.jql.trim(),
    metric: input.metric,
    options,
    progress: existing?.progress ?? null,
  };
  const query = (await queriesFor(deps.db, [spec])).get(spec.id) ?? null;
  if (!query) throw new Error('A link with a connection always has a query.');
  await checkLinkCap(deps.db, clients, query);
  // Fetched into the mirror and the query's membership committed before the link itself is written.
  const outcome = await syncQuery(deps, clients, query, [spec]);
  // No request slot came free (nothing reached Jira): a 503 "try again" rather than a link saved as failing.
  if (!outcome.ok && outcome.error.code === 'busy') throw syncErrorAsRequestError(outcome.error);
  if (!outcome.ok && outcome.error.code === 'jql_invalid') {
    const messages = outcome.error.jiraMessages.length > 0 ? outcome.error.jiraMessages : [outcome.error.message];
    throw new ValidationError(messages.map((message) => ({ field: 'jql', message })));
  }

  const intervalMs = await getSyncIntervalMs(deps.db);
  const definition = { connectionId: spec.connectionId ?? input.connectionId, jql: spec.jql, metric: spec.metric, options: serialiseOptions(options), queryHash: query.hash };
  const context: CommitContext = {
    spec,
    owner: null,
    trigger: existing ? 'edited' : 'created',
    note: existing ? editNote(existing, { ...definition, options }, actor) : `Linked to Jira by ${actor.name}`,
    startedAt: now,
    now: (deps.now ?? (() => new Date()))(),
    intervalMs,
    query,
  };
  try {
    const run = await deps.db.transaction().execute(async (trx) => {
      if (existing) await updateLinkDefinition(trx, spec.id, definition, context.now.toISOString());
      else await insertLink(trx, { id: spec.id, target, definition, nextDueAt: nextSlotAfter(now, intervalMs, spec.id).toISOString() }, now.toISOString());
      return commitOutcome(trx, context, outcome);
    });
    recordRunMetrics(run);
    // The forecast is worked out after the commit (a failure only leaves the link without one until its next sync).
    if (run.outcome === 'ok') {
      await refreshLinkForecasts(deps, [{ id: spec.id, metric: spec.metric, options, queryHash: query.hash }]).catch((error: unknown) =>
        deps.log?.error({ err: error, linkId: spec.id }, 'working out the link\'s forecast failed'),
      );
    }
    return { link: await viewOf(deps, spec.id, run), created: !existing };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`${describeTarget(target)} was linked to Jira by someone else at the same moment; reload it and try again.`);
    }
    if (error instanceof LeaseLostError) {
      throw new ConflictError(`${describeTarget(target)}'s Jira link was changed or removed by someone else at the same moment; reload it and try again.`);
    }
    throw error;
  }
}

export async function getLink(deps: SyncDeps, target: LinkTarget): Promise<LinkView> {
  return viewOf(deps, (await requireLink(deps, target)).id);
}

/** Unlinks: the item keeps its last synced value and goes back to manual updates. */
export async function unlink(deps: SyncDeps, target: LinkTarget, actor: Actor): Promise<void> {
  const link = await requireLink(deps, target);
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const checkIn = { authorId: actor.id, note: `Unlinked from Jira by ${actor.name}; kept the last synced value` };
  await deps.db.transaction().execute(async (trx) => {
    if (link.objectiveId !== null) await returnObjectiveToManual(trx, link.objectiveId, link.progress, checkIn, now);
    if (link.keyResultId !== null) await recordKeyResultUnlinked(trx, link.keyResultId, checkIn, now);
    await deleteLink(trx, link.id);
  });
  // Its query and mirrored issues go too when no other link uses them; a failure here only delays that.
  await pruneMirror(deps.db).catch(() => undefined);
}

/** Syncs the item's link now; waits for a sync already running on it rather than running two at once. */
export async function refreshLink(deps: SyncDeps, target: LinkTarget, actor: Actor): Promise<{ link: LinkView; run: SyncRunView | null }> {
  await assertJiraEnabled(deps);
  const link = await requireLink(deps, target);
  if (link.connectionId === null) {
    throw new ConflictError('This link\'s Jira connection was deleted, so it cannot be refreshed; link it to another connection or unlink it.');
  }
  const synced = await syncLinksNow(deps, [link.id], 'manual', `Refreshed by ${actor.name}`, { waitMs: REFRESH_WAIT_MS });
  if (synced.claimed === 0) throw new ConflictError('This link is being synced right now and the sync is taking long; try again in a minute.');
  const run = synced.batch.outcomes[0]?.run ?? null;
  return { link: await viewOf(deps, link.id, run), run: run ? presentRun(run) : null };
}

/** The item's runs, including those of links it no longer has: unlinking keeps its Jira period in its history. */
export async function listRuns(deps: SyncDeps, target: LinkTarget, limit: number): Promise<SyncRunView[]> {
  await requireTarget(deps, target);
  return (await listItemSyncRuns(deps.db, target, limit)).map(presentRun);
}
