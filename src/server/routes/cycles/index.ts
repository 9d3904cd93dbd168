/** /cycles: anyone signed in reads; only admins create, change or delete. */
import { z } from 'zod';
import type { App } from '../../app-types';
import { changeCycle, createCycle, listCycleViews, removeCycle } from '../../services/cycles-service';
import { idParams } from '../../../contract/fields';
import { changeCycleBody, createCycleBody, cycleSchema } from '../../../contract/cycles';

const tags = ['cycles'];

export default async function cycleRoutes(app: App): Promise<void> {
  app.get(
    '/cycles',
    { schema: { summary: 'All cycles, newest start first', tags, response: { 200: z.array(cycleSchema) } } },
    async () => listCycleViews(app.db),
  );

  app.post(
    '/cycles',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a cycle (admin)', tags, body: createCycleBody, response: { 201: cycleSchema } },
    },
    async (request, reply) => reply.code(201).send(await createCycle(app.db, request.body, new Date())),
  );

  app.patch(
    '/cycles/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Rename a cycle or change its dates (admin)', tags, params: idParams, body: changeCycleBody, response: { 200: cycleSchema } },
    },
    async (request) => changeCycle(app.db, request.params.id, request.body, new Date()),
  );

  app.delete(
    '/cycles/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Delete an empty cycle (admin); 409 while it has objectives', tags, params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeCycle(app.db, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
