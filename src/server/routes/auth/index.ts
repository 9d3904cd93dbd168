import { z } from 'zod';
import type { App } from '../../app';
import { LOGIN_RATE_LIMIT_PER_MINUTE } from '../../app';
import { clearSessionCookie, sessionSecretOf, setSessionCookie } from '../../auth/session-cookie';
import { login, logout } from '../../services/auth';
import { presentUser } from '../../services/users';
import { userSchema } from '../users/schema';
import { requiredOr, requiredText } from '../../validation';

export default async function authRoutes(app: App): Promise<void> {
  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with email and password; sets the pacer_session cookie',
        tags: ['auth'],
        body: z.object({
          email: requiredText(254),
          password: z.string({ error: requiredOr('must be a text') }).min(1, 'must not be empty').max(1000),
        }),
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (request, reply) => {
      const { user, sessionSecret } = await login(app.db, request.body.email, request.body.password);
      setSessionCookie(request, reply, sessionSecret);
      return { user: presentUser(user) };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { summary: 'Sign out: deletes the session', tags: ['auth'], response: { 204: z.null() } } },
    async (request, reply) => {
      const secret = sessionSecretOf(request);
      if (secret) await logout(app.db, secret);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );
}
