/** /admin: operations views for admins (the background sync queue). */
import { z } from 'zod';
import type { App } from '../../app-types';
import { listSyncFailures } from '../../jobs/providers/pg-boss/sync-failures';

const syncFailuresSchema = z
  .object({
    queue: z.enum(['pg-boss', 'none']),
    failures: z.array(
      z.object({
        id: z.string(),
        failedAt: z.string(),
        trigger: z.enum(['schedule', 'webhook']).nullable(),
        linkIds: z.array(z.string()),
        error: z.object({ code: z.string(), message: z.string() }),
        attempts: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'SyncFailures' });

export default async function adminRoutes(app: App): Promise<void> {
  app.get(
    '/admin/sync-failures',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Jira sync jobs that gave up after their last retry (PostgreSQL queue; newest first, kept 14 days; always empty on SQLite)',
        tags: ['admin'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: syncFailuresSchema },
      },
    },
    async (request) => listSyncFailures(app.db, app.dialect, request.query.limit),
  );
}
