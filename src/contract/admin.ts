/** /admin: the background sync queue's failed jobs (admins). */
import { z } from 'zod';

export const syncFailuresSchema = z
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

export const syncFailuresQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export type SyncFailures = z.infer<typeof syncFailuresSchema>;
export type SyncFailure = SyncFailures['failures'][number];
