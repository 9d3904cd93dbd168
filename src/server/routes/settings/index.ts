import { z } from 'zod';
import type { App } from '../../app';
import { requiredOr } from '../../validation';
import { getSettings, updateSettings } from '../../services/settings';

const fraction = z
  .number({ error: requiredOr('must be a number between 0 and 1, e.g. 0.25') })
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1');

const settingsSchema = z.object({ behindThreshold: z.number(), atRiskThreshold: z.number() }).meta({ id: 'Settings' });

export default async function settingsRoutes(app: App): Promise<void> {
  app.get(
    '/settings',
    { schema: { summary: 'Organisation settings (status thresholds as fractions)', tags: ['settings'], response: { 200: settingsSchema } } },
    async () => getSettings(app.db),
  );

  app.patch(
    '/settings',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Change the status thresholds (admin); behind must be below at risk',
        tags: ['settings'],
        body: z.object({ behindThreshold: fraction.optional(), atRiskThreshold: fraction.optional() }),
        response: { 200: settingsSchema },
      },
    },
    async (request) => updateSettings(app.db, request.body),
  );
}
