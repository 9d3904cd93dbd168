import type { App } from '../../app-types';
import { changeSettingsBody, settingsSchema } from '../../../contract/settings';
import { getEveryoneMayEdit, setEveryoneMayEdit } from '../../auth/okr-permissions';
import { getStatusUsesForecast, setStatusUsesForecast } from '../../services/insight/forecast-status';
import { getSettings, updateSettings } from '../../services/settings-service';
import { getSyncIntervalMinutes, setSyncIntervalMinutes } from '../../services/sync/sync-settings';
import { getMaxIssuesPerLink, setMaxIssuesPerLink } from '../../services/sync/link-cap';

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
        body: changeSettingsBody,
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
