import type { App } from '../../app-types';
import { setSessionCookie } from '../../auth/session-cookie';
import { isSetupNeeded, setUpFirstAdmin } from '../../services/setup-service';
import { setupStatusSchema } from '../../../contract/settings';
import { setupBody, signedInSchema } from '../../../contract/auth';

export default async function setupRoutes(app: App): Promise<void> {
  app.get(
    '/setup',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Whether Pacer still needs its first admin',
        tags: ['setup'],
        response: { 200: setupStatusSchema },
      },
    },
    async () => ({ needed: await isSetupNeeded(app.db) }),
  );

  app.post(
    '/setup',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Create the first admin and sign in; refused (409 setup_done) once any user exists',
        tags: ['setup'],
        body: setupBody,
        response: { 201: signedInSchema },
      },
    },
    async (request, reply) => {
      const { user, sessionSecret } = await setUpFirstAdmin(app.db, request.body);
      setSessionCookie(request, reply, sessionSecret);
      return reply.code(201).send({ user });
    },
  );
}
