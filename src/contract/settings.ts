/** Organisation settings as GET and PATCH /settings answer them (the PATCH body's limits live with the services that enforce them). */
import { z } from 'zod';

export const settingsSchema = z
  .object({
    behindThreshold: z.number(),
    atRiskThreshold: z.number(),
    syncIntervalMinutes: z.number().int(),
    maxIssuesPerLink: z.number().int(),
    everyoneMayEditOkrs: z.boolean(),
    statusUsesForecast: z.boolean(),
  })
  .meta({ id: 'Settings' });

export const setupStatusSchema = z.object({ needed: z.boolean() });

export type Settings = z.infer<typeof settingsSchema>;
export type SetupStatus = z.infer<typeof setupStatusSchema>;
