/**
 * /integrations: the Jira toggle and named Jira connections. Members may read the toggle and, while
 * Jira is enabled, connection names (to choose one when linking); everything else is admin-only.
 */
import { z } from 'zod';
import type { App } from '../../app-types';
import { isAdmin } from '../../auth/current-user';
import { listIntegrations, updateJiraIntegration } from '../../services/integrations-service';
import {
  changeConnection,
  createConnection,
  listConnectionsFor,
  removeConnection,
  testConnection,
  type JiraConnectionDeps,
} from '../../services/jira-connections-service';
import {
  changeConnectionBody,
  connectionIdParams,
  createConnectionBody,
  deletedConnectionSchema,
  integrationSchema,
  jiraConnectionSchema,
  jiraConnectionSummarySchema,
  jiraIntegrationSchema,
  updateJiraIntegrationBody,
} from '../../../contract/integrations';

const tags = ['integrations'];
const CONNECTIONS = '/integrations/jira/connections';

export default async function integrationRoutes(app: App): Promise<void> {
  const deps: JiraConnectionDeps = { db: app.db, secretKey: app.secretKey };

  app.get(
    '/integrations',
    { schema: { summary: 'Integrations and whether each is enabled', tags, response: { 200: z.array(integrationSchema) } } },
    async (request) => listIntegrations(app.db, isAdmin(request.user)),
  );

  app.put(
    '/integrations/jira',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Enable or disable Jira (admin); disabling hides it from members and deletes nothing',
        tags,
        body: updateJiraIntegrationBody,
        response: { 200: jiraIntegrationSchema },
      },
    },
    async (request) => updateJiraIntegration(app.db, request.body, new Date()),
  );

  app.get(
    CONNECTIONS,
    {
      schema: {
        summary: 'Jira connections: in full for admins; for members, while Jira is enabled, ids and names of those they may link with (linkAccess everyone)',
        tags,
        response: { 200: z.union([z.array(jiraConnectionSchema), z.array(jiraConnectionSummarySchema)]) },
      },
    },
    async (request) => listConnectionsFor(deps, { isAdmin: isAdmin(request.user) }),
  );

  app.post(
    CONNECTIONS,
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Test a Jira connection (serverInfo + myself) and save it if Jira accepts it (admin); 422 jira_<code> says why not',
        tags,
        body: createConnectionBody,
        response: { 201: jiraConnectionSchema },
      },
    },
    async (request, reply) => {
      const created = await createConnection(deps, request.body, new Date());
      request.log.info({ connectionId: created.id, deploymentType: created.deploymentType }, 'jira connection created');
      return reply.code(201).send(created);
    },
  );

  app.patch(
    `${CONNECTIONS}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Rename, move or re-authenticate a Jira connection (admin); a blank secret keeps the stored one',
        tags,
        params: connectionIdParams,
        body: changeConnectionBody,
        response: { 200: jiraConnectionSchema },
      },
    },
    async (request) => changeConnection(deps, request.params.id, request.body, new Date()),
  );

  app.delete(
    `${CONNECTIONS}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a Jira connection (admin); linked objectives and key results keep their last values',
        tags,
        params: connectionIdParams,
        response: { 200: deletedConnectionSchema },
      },
    },
    async (request) => {
      const result = await removeConnection(deps, request.params.id);
      request.log.info({ connectionId: request.params.id, deletedLinks: result.deletedLinks }, 'jira connection deleted');
      return result;
    },
  );

  app.post(
    `${CONNECTIONS}/:id/test`,
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Test a saved Jira connection again and record its health (admin)",
        tags,
        params: connectionIdParams,
        response: { 200: jiraConnectionSchema },
      },
    },
    async (request) => {
      const tested = await testConnection(deps, request.params.id, new Date());
      const { status, lastError } = tested.health;
      request.log.info({ connectionId: tested.id, health: status, errorCode: lastError?.code ?? null }, 'jira connection tested');
      return tested;
    },
  );
}
