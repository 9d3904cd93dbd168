import { z } from 'zod';
import type { App } from '../../app-types';
import { settingsSchema } from '../../../contract/settings';
import { requiredOr } from '../../../contract/validation';
import { getEveryoneMayEdit, setEveryoneMayEdit } from '../../auth/okr-permissions';
import { getStatusUsesForecast, setStatusUsesForecast } from '../../services/insight/forecast-status';
import { getSettings, updateSettings } from '../../services/settings-service';
import {
  getSyncIntervalMinutes,
  MAX_SYNC_INTERVAL_MINUTES,
  MIN_SYNC_INTERVAL_MINUTES,
  setSyncIntervalMinutes,
} from '../../services/sync/sync-settings';
import { getMaxIssuesPerLink, MAX_MAX_ISSUES_PER_LINK, MIN_MAX_ISSUES_PER_LINK, setMaxIssuesPerLink } from '../../services/sync/link-cap';

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

export default async function settingsRoutes(app: App): Promise<void> {
  const readAll = async () => ({
    ...(await getSettings(app.db)),
    syncIntervalMinutes: await getSyncIntervalMinutes(app.db),
    maxIssuesPerLink: await getMaxIssuesPerLink(app.db),
    everyoneMayEditOkrs: await getEveryoneMayEdit(app.db),
    statusUsesForecast: await getStatusUsesForecast(app.db),
  });

  app.get(
    '/settings',
    {
      schema: {
        summary:
          'Organisation settings (status thresholds as fractions, Jira sync interval in minutes, the most issues one Jira link may match, whether everyone may edit every OKR, whether a Jira forecast can make a status Behind)',
        tags: ['settings'],
        response: { 200: settingsSchema },
      },
    },
    readAll,
  );

  app.patch(
    '/settings',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          'Change the status thresholds (behind must be below at risk), the Jira sync interval, the issues one link may match, whether everyone may edit every OKR or whether the Jira forecast counts in statuses (admin)',
        tags: ['settings'],
        body: z.object({
          behindThreshold: fraction.optional(),
          atRiskThreshold: fraction.optional(),
          syncIntervalMinutes: intervalMinutes.optional(),
          maxIssuesPerLink: maxIssuesPerLink.optional(),
          // Off (the default): only an OKR's owner and admins change it. On: every signed-in user.
          everyoneMayEditOkrs: z.boolean({ error: 'must be true or false' }).optional(),
          // On: a Jira-linked item whose forecast finishes after its period end (or not at all at this pace) is at least Behind.
          statusUsesForecast: z.boolean({ error: 'must be true or false' }).optional(),
        }),
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      const { syncIntervalMinutes, maxIssuesPerLink: cap, everyoneMayEditOkrs, statusUsesForecast, ...thresholds } = request.body;
      // Thresholds first: if they are refused, the interval is left unchanged too.
      if (thresholds.behindThreshold !== undefined || thresholds.atRiskThreshold !== undefined) await updateSettings(app.db, thresholds);
      if (syncIntervalMinutes !== undefined) await setSyncIntervalMinutes(app.db, syncIntervalMinutes, new Date());
      if (cap !== undefined) await setMaxIssuesPerLink(app.db, cap, new Date());
      if (everyoneMayEditOkrs !== undefined) await setEveryoneMayEdit(app.db, everyoneMayEditOkrs, new Date());
      if (statusUsesForecast !== undefined) await setStatusUsesForecast(app.db, statusUsesForecast, new Date());
      return readAll();
    },
  );
}
