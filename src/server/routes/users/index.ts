import { z } from 'zod';
import type { App } from '../../app';
import { createUser, getUser, listUsers, updateUser } from '../../services/users';
import { createUserBody, updateUserBody, userIdParams, userSchema } from './schema';

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
        summary: "Change a user's name, email, role or password (admin); the last admin can't be demoted",
        tags: ['users'],
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(app.db, app.dialect, request.params.id, request.body),
  );
}
