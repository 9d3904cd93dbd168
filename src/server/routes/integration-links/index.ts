/**
 * Linking objectives and key results to Jira (save, unlink and refresh: the item's owner or an
 * admin, auth/okr-permissions.ts; reading a link is open), the preview (any signed-in member), and
 * "refresh all" for a connection (admins). The same six routes exist under /objectives/:id and
 * /key-results/:id.
 */
import { setImmediate as nextTurnOfTheLoop } from 'node:timers/promises';
import { z } from 'zod';
import type { App } from '../../app-types';
import { isAdmin, requireUser } from '../../auth/current-user';
import { assertMayLink } from '../../auth/okr-permissions';
import type { LinkTarget } from '../../db/repositories/integration-links-repository';
import { requireConnection } from '../../services/jira-connections-service';
import { ConflictError, JiraConnectionRejectedError } from '../../errors';
import { getLinkInsight } from '../../services/insight/insight-service';
import { isJiraEnabled } from '../../services/integrations-service';
import { assertMayLinkWith } from '../../services/sync/connection-access';
import { InteractiveJiraGate } from '../../services/sync/interactive-jira-gate';
import { ISSUE_PAGE_DEFAULT, listLinkIssuePage } from '../../services/sync/link-issues-service';
import { getLink, listRuns, refreshLink, saveLink, unlink } from '../../services/sync/links-service';
import { previewLink } from '../../services/sync/preview-service';
import type { SyncDeps } from '../../services/sync/sync-engine';
import { refreshConnection } from '../../services/sync/sync-rounds';
import { idParams } from '../../../contract/fields';
import { holdTurnUntilAnswered, issueListQueueOf } from './issue-list-queue';
import {
  insightSchema,
  issuesQuery,
  linkBody,
  linkIssuePageSchema,
  linkSchema,
  previewBody,
  previewSchema,
  refreshAllSchema,
  refreshResultSchema,
  runsQuery,
  syncRunSchema,
} from '../../../contract/links';

const tags = ['integrations'];
const DEFAULT_RUNS = 50;

export default async function integrationLinkRoutes(app: App): Promise<void> {
  const deps: SyncDeps = { db: app.db, secretKey: app.secretKey, log: app.log };
  // Preview, save and refresh wait on Jira: at most PACER_JIRA_INTERACTIVE_PER_USER at once per user.
  const gate = new InteractiveJiraGate(app.pacerConfig.jiraInteractivePerUser);
  // Issue-list pages: 2 at work per user, the rest wait in that user's queue (issue-list-queue.ts).
  const issueListQueue = issueListQueueOf(app.db);

  for (const kind of [
    { path: '/objectives/:id/integration', label: 'an objective', target: (id: string): LinkTarget => ({ objectiveId: id }) },
    { path: '/key-results/:id/integration', label: 'a key result', target: (id: string): LinkTarget => ({ keyResultId: id }) },
  ]) {
    app.put(
      kind.path,
      {
        schema: {
          summary: `Link ${kind.label} to Jira (or change its link); syncs at once. Invalid JQL: 400 with Jira's messages on "jql", nothing saved`,
          tags,
          params: idParams,
          body: linkBody,
          response: { 200: linkSchema, 201: linkSchema },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        await assertMayLink(app.db, user, kind.target(request.params.id), 'link');
        await assertMayLinkWith(app.db, request.body.connectionId, { isAdmin: isAdmin(user) });
        const { link, created } = await gate.run(user.id, () => saveLink(deps, kind.target(request.params.id), request.body, { id: user.id, name: user.name }));
        request.log.info({ linkId: link.id, created, metric: link.metric, outcome: link.lastRun?.outcome }, 'jira link saved');
        return reply.code(created ? 201 : 200).send(link);
      },
    );

    app.get(
      kind.path,
      { schema: { summary: `The Jira link of ${kind.label}`, tags, params: idParams, response: { 200: linkSchema } } },
      async (request) => getLink(deps, kind.target(request.params.id)),
    );

    app.delete(
      kind.path,
      {
        schema: {
          summary: `Unlink ${kind.label} from Jira: it keeps its last value and returns to manual updates`,
          tags,
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        await assertMayLink(app.db, user, kind.target(request.params.id), 'unlink');
        await unlink(deps, kind.target(request.params.id), { id: user.id, name: user.name });
        return reply.code(204).send(null);
      },
    );

    app.post(
      `${kind.path}/refresh`,
      {
        schema: {
          summary: `Sync the Jira link of ${kind.label} now and answer with the result`,
          tags,
          params: idParams,
          response: { 200: refreshResultSchema },
        },
      },
      async (request) => {
        const user = requireUser(request);
        await assertMayLink(app.db, user, kind.target(request.params.id), 'refresh');
        const result = await gate.run(user.id, () => refreshLink(deps, kind.target(request.params.id), { id: user.id, name: user.name }));
        // The run is recorded like any failed sync, but the person asked now: tell them to try again.
        if (result.run?.error?.code === 'busy') throw new JiraConnectionRejectedError('jira_busy', result.run.error.message);
        return result;
      },
    );

    app.get(
      `${kind.path}/runs`,
      {
        schema: {
          summary: `The Jira sync runs of ${kind.label}, newest first, including those from before it was unlinked (empty if it never was linked)`,
          tags,
          params: idParams,
          querystring: runsQuery,
          response: { 200: z.array(syncRunSchema) },
        },
      },
      async (request) => listRuns(deps, kind.target(request.params.id), request.query.limit ?? DEFAULT_RUNS),
    );

    app.get(
      `${kind.path}/issues`,
      {
        schema: {
          summary: `The Jira issues ${kind.label}'s link matched at its last sync, a page at a time in Jira issue order; notDone=true for the open ones, q= to search keys and summaries. At most 2 pages at work per user and 16 waiting their turn; past that, or after 10 s waiting, 429`,
          tags,
          params: idParams,
          querystring: issuesQuery,
          response: { 200: linkIssuePageSchema },
        },
        // Pages of up to 500 issues, read in loops by scripts: the zod serializer re-encodes each
        // answer before stringifying it, which kept the event loop from other users' requests. The
        // presenter returns the contract's own type (the schema's output), so nothing is lost.
        serializerCompiler: () => (data) => JSON.stringify(data),
      },
      async (request, reply) => {
        await holdTurnUntilAnswered(issueListQueue, requireUser(request).id, reply);
        const page = await listLinkIssuePage(deps, kind.target(request.params.id), {
          limit: request.query.limit ?? ISSUE_PAGE_DEFAULT,
          cursor: request.query.cursor ?? null,
          notDone: request.query.notDone ?? false,
          q: request.query.q ?? '',
        });
        // Reading the page and writing it (serialise, ETag, socket) are each a few ms of one
        // stretch on SQLite; letting other requests' I/O in between halves the longest wait.
        await nextTurnOfTheLoop();
        return page;
      },
    );
  }

  for (const kind of [
    { path: '/objectives/:id/integration/insight', label: 'an objective', target: (id: string): LinkTarget => ({ objectiveId: id }) },
    { path: '/key-results/:id/integration/insight', label: 'a key result', target: (id: string): LinkTarget => ({ keyResultId: id }) },
  ]) {
    app.get(
      kind.path,
      {
        schema: {
          summary: `The Jira insight of ${kind.label}: its history day by day from the period start (backfilled from the issues' dates), a forecast finish date at the current pace, the scope change since the period start and why the last change happened; 404 when it has no Jira link`,
          tags,
          params: idParams,
          response: { 200: insightSchema },
        },
      },
      async (request) => getLinkInsight(deps, kind.target(request.params.id)),
    );
  }

  app.post(
    '/integrations/jira/preview',
    {
      schema: {
        summary: 'What a Jira link would show, without saving: count, done, progress, status, first issues and hints',
        tags,
        body: previewBody,
        response: { 200: previewSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!(await isJiraEnabled(app.db))) throw new ConflictError('The Jira integration is disabled; ask an admin to enable it in Admin > Integrations.');
      await assertMayLinkWith(app.db, request.body.connectionId, { isAdmin: isAdmin(user) });
      return gate.run(user.id, () => previewLink(deps, { ...request.body, type: 'jira' }));
    },
  );

  app.post(
    '/integrations/jira/connections/:id/refresh-all',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Sync every objective and key result linked through this connection now (admin)',
        tags,
        params: idParams,
        response: { 200: refreshAllSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await requireConnection(app.db, request.params.id);
      if (!(await isJiraEnabled(app.db))) throw new ConflictError('The Jira integration is disabled; enable it in Admin > Integrations to sync.');
      // Counts towards the admin's running requests, but syncs as a round (the sync share of the slots).
      const result = await gate.run(user.id, () => refreshConnection(deps, request.params.id, new Date(), `Refresh all by ${user.name}`), 'sync');
      request.log.info({ connectionId: request.params.id, ...result }, 'jira connection refreshed');
      return result;
    },
  );
}
