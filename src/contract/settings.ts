/** Organisation settings: what GET and PATCH /settings answer, and what PATCH takes. */
import { z } from 'zod';
import { requiredOr } from './validation';

/** Jira sync interval: 5 minutes to 7 days. */
export const MIN_SYNC_INTERVAL_MINUTES = 5;
export const MAX_SYNC_INTERVAL_MINUTES = 10_080;
/** The most issues one Jira link's query may match (the admin's cap). */
export const MIN_MAX_ISSUES_PER_LINK = 1;
export const MAX_MAX_ISSUES_PER_LINK = 1_000_000;

const fraction = z
  .number({ error: requiredOr('must be a number between 0 and 1, e.g. 0.25') })
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1');

const intervalMinutes = z
  .number({ error: 'must be a whole number of minutes, e.g. 1440 for once a day' })
  .int('must be a whole number of minutes, e.g. 1440 for once a day')
  .min(MIN_SYNC_INTERVAL_MINUTES, `must be at least ${MIN_SYNC_INTERVAL_MINUTES} minutes`)
  .max(MAX_SYNC_INTERVAL_MINUTES, `must be at most ${MAX_SYNC_INTERVAL_MINUTES} minutes (7 days)`);

const maxIssuesPerLink = z
  .number({ error: 'must be a whole number of issues, e.g. 50000' })
  .int('must be a whole number of issues, e.g. 50000')
  .min(MIN_MAX_ISSUES_PER_LINK, `must be at least ${MIN_MAX_ISSUES_PER_LINK}`)
  .max(MAX_MAX_ISSUES_PER_LINK, `must be at most ${MAX_MAX_ISSUES_PER_LINK.toLocaleString('en-US')}`);

export const changeSettingsBody = z.object({
  behindThreshold: fraction.optional(),
  atRiskThreshold: fraction.optional(),
  syncIntervalMinutes: intervalMinutes.optional(),
  maxIssuesPerLink: maxIssuesPerLink.optional(),
  // Off (the default): only an OKR's owner and admins change it. On: every signed-in user.
  everyoneMayEditOkrs: z.boolean({ error: 'must be true or false' }).optional(),
  // On: a Jira-linked item whose forecast finishes after its period end (or not at all at this pace) is at least Behind.
  statusUsesForecast: z.boolean({ error: 'must be true or false' }).optional(),
});

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
export type SettingsPatch = z.input<typeof changeSettingsBody>;
export type SetupStatus = z.infer<typeof setupStatusSchema>;
