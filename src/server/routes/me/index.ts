import type { App } from '../../app';
import { requireUser } from '../../auth/current-user';
import { getUser } from '../../services/users';
import { userSchema } from '../users/schema';

export default async function meRoutes(app: App): Promise<void> {
  app.get(
    '/me',
    { schema: { summary: 'The signed-in user', tags: ['users'], response: { 200: userSchema } } },
    async (request) => getUser(app.db, requireUser(request).id),
  );
}
