/**
 * /key-results, their check-ins and comments. Any signed-in user reads; changing, deleting and checking in is
 * for the key result's owner, its objective's owner and admins (auth/okr-permissions.ts).
 * Creation lives under /objectives/:id/key-results.
 */
import { z } from 'zod';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { checkInKeyResult, listKeyResultCheckIns } from '../../services/check-ins-service';
import { listKeyResultComments } from '../../services/comments-service';
import { changeKeyResult, getKeyResultView, removeKeyResult } from '../../services/key-results-service';
import { commentSchema } from '../../../contract/comments';
import { checkInSchema, idParams } from '../../../contract/fields';
import { changeKeyResultBody, keyResultCheckInBody, keyResultSchema } from '../../../contract/key-results';

const tags = ['key-results'];

export default async function keyResultRoutes(app: App): Promise<void> {
  app.get(
    '/key-results/:id',
    { schema: { summary: 'One key result', tags, params: idParams, response: { 200: keyResultSchema } } },
    async (request) => getKeyResultView(app.db, request.params.id, new Date(), requireUser(request)),
  );

  app.patch(
    '/key-results/:id',
    {
      schema: {
        summary: 'Change a key result (its owner, its objective\'s owner or an admin); a new currentValue is recorded as a check-in ("Edited value"); 409 while linked to Jira',
        tags,
        params: idParams,
        body: changeKeyResultBody,
        response: { 200: keyResultSchema },
      },
    },
    async (request) => changeKeyResult(app.db, request.params.id, request.body, requireUser(request), new Date()),
  );

  app.delete(
    '/key-results/:id',
    { schema: { summary: "Delete a key result with its check-ins (its owner, its objective's owner or an admin)", tags, params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await removeKeyResult(app.db, request.params.id, requireUser(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/key-results/:id/check-ins',
    {
      schema: { summary: "A key result's check-ins, newest first", tags, params: idParams, response: { 200: z.array(checkInSchema) } },
    },
    async (request) => listKeyResultCheckIns(app.db, request.params.id),
  );

  app.get(
    '/key-results/:id/comments',
    {
      schema: { summary: "A key result's comments, newest first (at most 500)", tags, params: idParams, response: { 200: z.array(commentSchema) } },
    },
    async (request) => listKeyResultComments(app.db, request.params.id),
  );

  app.post(
    '/key-results/:id/check-ins',
    {
      schema: {
        summary: "Record a key result's current value, kept in its history (its owner, its objective's owner or an admin)",
        tags,
        params: idParams,
        body: keyResultCheckInBody,
        response: { 201: checkInSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await checkInKeyResult(app.db, request.params.id, request.body, requireUser(request), new Date())),
  );
}
