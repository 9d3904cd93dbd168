import { z } from 'zod';
import type { App } from '../../app-types';
import { listApiTokensOfAnyUser, revokeApiTokenOfAnyUser } from '../../services/tokens-service';
import { createUser, getUser, listUsers, updateUser } from '../../services/users-service';
import { tokenSchema } from '../../../contract/tokens';
import { changerOf } from './changer';
import { createUserBody, updateUserBody, userIdParams, userSchema, userTokenParams } from '../../../contract/users';

export default async function userRoutes(app: App): Promise<void> {
  app.get(
    '/users',
    { schema: { summary: 'All users', tags: ['users'], response: { 200: z.array(userSchema) } } },
    async () => listUsers(app.db),
  );

  app.get(
    '/users/:id',
    { schema: { summary: 'One user', tags: ['users'], params: userIdParams, response: { 200: userSchema } } },
    async (request) => getUser(app.db, request.params.id),
  );

  app.post(
    '/users',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a user (admin)', tags: ['users'], body: createUserBody, response: { 201: userSchema } },
    },
    async (request, reply) => reply.code(201).send(await createUser(app.db, request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          "Change a user's name, email, role or password, or deactivate/reactivate them (admin). A new password or a reactivation revokes the user's sessions and API tokens; the last active admin can't be demoted or deactivated, nor an admin deactivate themselves",
        tags: ['users'],
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(app.db, app.dialect, request.params.id, request.body, changerOf(request)),
  );

  app.get(
    '/users/:id/tokens',
    {
      config: { auth: 'admin' },
      schema: { summary: "A user's API tokens, without the secret (admin)", tags: ['users', 'tokens'], params: userIdParams, response: { 200: z.array(tokenSchema) } },
    },
    async (request) => listApiTokensOfAnyUser(app.db, request.params.id),
  );

  app.delete(
    '/users/:id/tokens/:tokenId',
    {
      config: { auth: 'admin' },
      schema: { summary: "Revoke one of a user's API tokens (admin)", tags: ['users', 'tokens'], params: userTokenParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeApiTokenOfAnyUser(app.db, request.params.id, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
}
