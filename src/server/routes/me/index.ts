import { z } from 'zod';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { changeOwnPassword, getUser } from '../../services/users-service';
import { changerOf } from '../users/changer';
import { changePasswordBody, userSchema } from '../../../contract/users';

export default async function meRoutes(app: App): Promise<void> {
  app.get(
    '/me',
    { schema: { summary: 'The signed-in user', tags: ['users'], response: { 200: userSchema } } },
    async (request) => getUser(app.db, requireUser(request).id),
  );

  app.post(
    '/me/password',
    {
      schema: {
        summary:
          'Change your own password (the current one is required). Your other sessions and all your API tokens are revoked; this session stays signed in',
        tags: ['users'],
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(app.db, changerOf(request), request.body);
      return reply.code(204).send(null);
    },
  );
}
