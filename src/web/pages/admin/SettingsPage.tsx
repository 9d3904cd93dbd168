import { Alert, Button, Divider, Group, NumberInput, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useSettings, useUpdateSettings } from '../../api/admin';
import type { Settings } from '../../api/types';
import { AppLayout } from '../../components/AppLayout';
import { fieldError, toNumber } from '../../components/dialogs/formHelpers';
import { AdminOnly } from './AdminOnly';
import { ForecastStatusForm } from './ForecastStatusForm';
import { OkrEditingForm } from './OkrEditingForm';
import { SyncIntervalForm } from './SyncIntervalForm';

/** Thresholds are stored as fractions (0.25) but people think in percentage points (25). */
const toPoints = (fraction: number) => Math.round(fraction * 1000) / 10;

function ThresholdsForm({ settings }: { settings: Settings }) {
  const [behind, setBehind] = useState<string | number>(toPoints(settings.behindThreshold));
  const [atRisk, setAtRisk] = useState<string | number>(toPoints(settings.atRiskThreshold));
  const [problem, setProblem] = useState<string | null>(null);
  const update = useUpdateSettings();

  function submit(event: FormEvent) {
    event.preventDefault();
    const behindPoints = toNumber(behind);
    const atRiskPoints = toNumber(atRisk);
    if (behindPoints === null || atRiskPoints === null) {
      setProblem('Enter both thresholds as numbers of percentage points.');
      return;
    }
    if (atRiskPoints < behindPoints) {
      setProblem('The at-risk threshold must be at least the behind threshold.');
      return;
    }
    setProblem(null);
    update.mutate(
      { behindThreshold: behindPoints / 100, atRiskThreshold: atRiskPoints / 100 },
      { onSuccess: () => notifications.show({ color: 'green', message: 'Thresholds saved. Statuses use them from now on.' }) },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Status compares actual progress with where it should be by now (linear over the period). These set how far below expected an
          objective or key result may fall.
        </Text>
        {problem && <Alert color="red">{problem}</Alert>}
        <Group grow align="flex-start">
          <NumberInput
            label="Behind threshold (points)"
            description="Behind when more than this many points under expected"
            min={0}
            max={100}
            suffix=" pts"
            value={behind}
            onChange={setBehind}
            error={fieldError(update.error, 'behindThreshold')}
          />
          <NumberInput
            label="At-risk threshold (points)"
            description="At risk when more than this many points under expected"
            min={0}
            max={100}
            suffix=" pts"
            value={atRisk}
            onChange={setAtRisk}
            error={fieldError(update.error, 'atRiskThreshold')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save thresholds
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const DEFAULT_MAX_ISSUES_PER_LINK = 50_000;

/** The cap on issues one Jira link may match: a query above it is refused when previewed or saved. */
function JiraLimitForm({ settings }: { settings: Settings }) {
  const [maxIssues, setMaxIssues] = useState<string | number>(settings.maxIssuesPerLink ?? DEFAULT_MAX_ISSUES_PER_LINK);
  const update = useUpdateSettings();

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = toNumber(maxIssues);
    if (value === null) return;
    update.mutate(
      { maxIssuesPerLink: value },
      { onSuccess: () => notifications.show({ color: 'green', message: 'Limit saved. Previews and saved links use it from now on.' }) },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          A Jira link whose query matches more issues than this is refused, with the count, when it is previewed or saved. Large queries
          cost Jira and Pacer time and memory at every sync.
        </Text>
        <NumberInput
          label="Most issues one Jira link may match"
          min={1}
          max={1_000_000}
          step={1000}
          thousandSeparator=","
          allowDecimal={false}
          value={maxIssues}
          onChange={setMaxIssues}
          error={fieldError(update.error, 'maxIssuesPerLink')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save limit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function SettingsPage() {
  const settings = useSettings();
  return (
    <AppLayout toolbar={<Title order={1} size="h4">Settings</Title>}>
      <Stack gap="md" maw={800} mx="auto">
        <AdminOnly>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h5" mb="sm">
              Status thresholds
            </Title>
            {settings.isPending && <Skeleton h={120} />}
            {settings.error && <Alert color="red" title="Could not load settings">{settings.error.message}</Alert>}
            {settings.data && <ThresholdsForm settings={settings.data} />}
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h5" mb="sm">
              Who may edit OKRs
            </Title>
            {settings.isPending && <Skeleton h={60} />}
            {settings.data && <OkrEditingForm settings={settings.data} />}
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h5" mb="sm">
              Jira
            </Title>
            {settings.isPending && <Skeleton h={80} />}
            {settings.data && (
              <Stack gap="lg">
                <SyncIntervalForm settings={settings.data} />
                <Divider />
                <JiraLimitForm settings={settings.data} />
                <Divider />
                <ForecastStatusForm settings={settings.data} />
              </Stack>
            )}
          </Paper>
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
