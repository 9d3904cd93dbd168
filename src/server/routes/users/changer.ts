/** Who is changing an account, as the user services need it (see services/users.ts `Changer`). */
import type { FastifyRequest } from 'fastify';
import { sha256 } from '../../auth/crypto';
import { requireUser } from '../../auth/current-user';
import { sessionSecretOf } from '../../auth/session-cookie';
import type { Changer } from '../../services/users-service';

export function changerOf(request: FastifyRequest): Changer {
  const secret = request.authMethod === 'session' ? sessionSecretOf(request) : null;
  // Only the hash is needed: sessions are stored by the sha256 of their cookie value.
  return { userId: requireUser(request).id, sessionIdHash: secret ? sha256(secret) : null };
}
