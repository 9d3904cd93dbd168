/**
 * /objectives and their manual check-ins and new key results. Any signed-in user reads and creates;
 * changing, deleting, checking in and adding key results is for the owner and admins
 * (auth/okr-permissions.ts, checked in the services).
 */
import { z } from 'zod';
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { sendJsonBytes } from '../../conditional-get';
import { checkInObjective, listObjectiveCheckIns } from '../../services/check-ins-service';
import { listObjectiveComments } from '../../services/comments-service';
import { createKeyResult } from '../../services/key-results-service';
import {
  changeObjective,
  createObjective,
  getObjectiveView,
  listObjectivesAnswer,
  removeObjective,
} from '../../services/objectives-service';
import { commentSchema } from '../../../contract/comments';
import { checkInSchema, idParams } from '../../../contract/fields';
import { createKeyResultBody, keyResultSchema } from '../../../contract/key-results';
import {
  changeObjectiveBody,
  createObjectiveBody,
  listObjectivesQuery,
  objectiveCheckInBody,
  objectiveSchema,
} from '../../../contract/objectives';

const tags = ['objectives'];

export default async function objectiveRoutes(app: App): Promise<void> {
  app.get(
    '/objectives',
    {
      schema: {
        summary: "A cycle's objectives with their key results, progress and status; teamId= keeps one team's, mine=true the caller's and their teams'",
        tags,
        querystring: listObjectivesQuery,
        response: { 200: z.array(objectiveSchema) },
      },
      // A cycle can hold 2,000 objectives with 10,000 key results. The answer is built once per
      // data version and viewer (services/answer-cache.ts) and sent as the bytes it was built as;
      // the presenter returns the contract's own type, so JSON.stringify writes the schema's output.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const answer = await listObjectivesAnswer(app.db, app.objectivesListCache, request.query, new Date(), requireUser(request));
      return sendJsonBytes(request, reply, answer);
    },
  );

  app.post(
    '/objectives',
    {
      schema: {
        summary: 'Create an objective; without ownerId the caller owns it (ownerId: null for no owner)',
        tags,
        body: createObjectiveBody,
        response: { 201: objectiveSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createObjective(app.db, request.body, requireUser(request), new Date())),
  );

  app.get(
    '/objectives/:id',
    { schema: { summary: 'One objective with its key results', tags, params: idParams, response: { 200: objectiveSchema } } },
    async (request) => getObjectiveView(app.db, request.params.id, new Date(), requireUser(request)),
  );

  app.patch(
    '/objectives/:id',
    {
      schema: { summary: 'Change an objective (its owner or an admin; 403 not_owner otherwise)', tags, params: idParams, body: changeObjectiveBody, response: { 200: objectiveSchema } },
    },
    async (request) => changeObjective(app.db, request.params.id, request.body, requireUser(request), new Date()),
  );

  app.delete(
    '/objectives/:id',
    {
      schema: {
        summary: 'Delete an objective with its key results and check-ins (its owner or an admin)',
        tags,
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeObjective(app.db, request.params.id, requireUser(request), new Date());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/objectives/:id/check-ins',
    {
      schema: { summary: "A manual objective's check-ins, newest first", tags, params: idParams, response: { 200: z.array(checkInSchema) } },
    },
    async (request) => listObjectiveCheckIns(app.db, request.params.id),
  );

  app.get(
    '/objectives/:id/comments',
    {
      schema: { summary: "An objective's comments, newest first (at most 500)", tags, params: idParams, response: { 200: z.array(commentSchema) } },
    },
    async (request) => listObjectiveComments(app.db, request.params.id),
  );

  app.post(
    '/objectives/:id/check-ins',
    {
      schema: {
        summary: 'Record the progress (0..1) of a manual-mode objective (its owner or an admin)',
        tags,
        params: idParams,
        body: objectiveCheckInBody,
        response: { 201: checkInSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await checkInObjective(app.db, request.params.id, request.body, requireUser(request), new Date())),
  );

  app.post(
    '/objectives/:id/key-results',
    {
      schema: {
        summary: "Add a key result to an objective (the objective's owner or an admin); without ownerId the caller owns it (ownerId: null for no owner)",
        tags: ['key-results'],
        params: idParams,
        body: createKeyResultBody,
        response: { 201: keyResultSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createKeyResult(app.db, request.params.id, request.body, requireUser(request), new Date())),
  );
}
