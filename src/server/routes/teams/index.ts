/** /teams: anyone signed in reads; admins create; admins and the team's owners change or delete (teams-service.ts). */
import { z } from 'zod';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { changeTeam, createTeam, getTeamView, listTeamViews, removeTeam } from '../../services/teams-service';
import { idParams } from '../../../contract/fields';
import { changeTeamBody, createTeamBody, teamSchema } from '../../../contract/teams';

const tags = ['teams'];

export default async function teamRoutes(app: App): Promise<void> {
  app.get(
    '/teams',
    { schema: { summary: 'All teams, by name, with owner and member ids', tags, response: { 200: z.array(teamSchema) } } },
    async (request) => listTeamViews(app.db, requireUser(request)),
  );

  app.post(
    '/teams',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a team (admin)', tags, body: createTeamBody, response: { 201: teamSchema } },
    },
    async (request, reply) => reply.code(201).send(await createTeam(app.db, request.body, requireUser(request), new Date())),
  );

  app.get(
    '/teams/:id',
    { schema: { summary: 'One team', tags, params: idParams, response: { 200: teamSchema } } },
    async (request) => getTeamView(app.db, request.params.id, requireUser(request)),
  );

  app.patch(
    '/teams/:id',
    {
      schema: { summary: "Change a team's name, parent, owners or members (an admin or a team owner)", tags, params: idParams, body: changeTeamBody, response: { 200: teamSchema } },
    },
    async (request) => changeTeam(app.db, request.params.id, request.body, requireUser(request), new Date()),
  );

  app.delete(
    '/teams/:id',
    {
      schema: { summary: 'Delete a team (an admin or a team owner); sub-teams become top-level, objectives leave it', tags, params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeTeam(app.db, request.params.id, requireUser(request), new Date());
      return reply.code(204).send(null);
    },
  );
}
