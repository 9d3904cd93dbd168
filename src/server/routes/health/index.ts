import { z } from 'zod';
import type { App } from '../../app-types';

export default async function healthRoutes(app: App): Promise<void> {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Liveness check; answers without sign-in',
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
}
