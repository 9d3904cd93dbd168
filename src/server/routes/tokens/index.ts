import { z } from 'zod';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { createApiToken, deleteApiToken, listApiTokens } from '../../services/tokens-service';
import { createdTokenSchema, createTokenBody, tokenSchema } from '../../../contract/tokens';

export default async function tokenRoutes(app: App): Promise<void> {
  app.get(
    '/tokens',
    { schema: { summary: 'Your API tokens (without the secret)', tags: ['tokens'], response: { 200: z.array(tokenSchema) } } },
    async (request) => listApiTokens(app.db, requireUser(request).id),
  );

  app.post(
    '/tokens',
    {
      schema: {
        summary: 'Create a personal API token; the token is shown only in this answer',
        tags: ['tokens'],
        body: createTokenBody,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiToken(app.db, requireUser(request).id, request.body.name)),
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        summary: 'Delete one of your API tokens',
        tags: ['tokens'],
        params: z.object({ id: z.string().min(1) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteApiToken(app.db, requireUser(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
