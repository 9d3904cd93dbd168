import { z } from 'zod';
import type { App } from '../../app-types';
import { HashQueueFullError, passwordHashQueue } from '../../auth/hash-queue';
import { isKnownDevice, KNOWN_DEVICE_COOKIE } from '../../auth/login-throttle';
import { clearSessionCookie, sessionSecretOf, setKnownDeviceCookie, setSessionCookie } from '../../auth/session-cookie';
import { RateLimitedError, UnauthenticatedError } from '../../errors';
import { login, logout } from '../../services/auth-service';
import { presentUser } from '../../services/users-service';
import { signedInSchema, signInBody } from '../../../contract/auth';

/** Sign-ins per client address per minute, on top of the per-account throttle (auth/login-throttle.ts). */
const LOGIN_RATE_LIMIT_PER_MINUTE = 10;

export default async function authRoutes(app: App): Promise<void> {
  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with email and password; sets the pacer_session cookie',
        tags: ['auth'],
        body: signInBody,
        response: { 200: signedInSchema },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      // Checked before the password, so a throttled guess costs no hashing.
      const knownDevice = isKnownDevice(app.secretKey, email, request.cookies[KNOWN_DEVICE_COOKIE]);
      const waitMs = knownDevice ? 0 : app.loginThrottle.waitMs(email, Date.now());
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        reply.header('retry-after', String(seconds));
        throw new RateLimitedError(
          `Too many failed sign-ins for this email; wait ${seconds} seconds and try again. A browser that has signed in to this account before is not made to wait.`,
        );
      }
      // A flood that fills the hashing queue is refused before it costs even a database read.
      if (passwordHashQueue.full) throw new HashQueueFullError();
      try {
        const { user, sessionSecret } = await login(app.db, email, password);
        setSessionCookie(request, reply, sessionSecret);
        setKnownDeviceCookie(request, reply, email);
        return { user: presentUser(user) };
      } catch (error) {
        if (error instanceof UnauthenticatedError) app.loginThrottle.recordFailure(email, Date.now());
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    { schema: { summary: 'Sign out: deletes the session', tags: ['auth'], response: { 204: z.null() } } },
    async (request, reply) => {
      const secret = sessionSecretOf(request);
      if (secret) await logout(app.db, secret);
      clearSessionCookie(reply);
      // API answers are cacheable per user (ETag, Cache-Control: private): a shared computer must
      // not keep the last person's OKRs in its browser cache after they sign out.
      reply.header('clear-site-data', '"cache"');
      return reply.code(204).send(null);
    },
  );
}
