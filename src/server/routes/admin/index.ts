/** /admin: operations views for admins (the background sync queue). */
import type { App } from '../../app-types';
import { listSyncFailures } from '../../jobs/providers/pg-boss/sync-failures';
import { syncFailuresQuery, syncFailuresSchema } from '../../../contract/admin';

export default async function adminRoutes(app: App): Promise<void> {
  app.get(
    '/admin/sync-failures',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Jira sync jobs that gave up after their last retry (PostgreSQL queue; newest first, kept 14 days; always empty on SQLite)',
        tags: ['admin'],
        querystring: syncFailuresQuery,
        response: { 200: syncFailuresSchema },
      },
    },
    async (request) => listSyncFailures(app.db, app.dialect, request.query.limit),
  );
}
