import { ActionIcon, Badge, Button, Group, Paper, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconBrandJira, IconMessagePlus, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useRefreshLink } from '../../api/links';
import { OwnerLabel } from '../OwnerLabel';
import { StatusLine } from '../StatusProgress';
import { formatDate, formatDateRange } from '../format';
import { syncErrorText, syncText } from '../integration/JiraRowControls';
import { useJiraEnabled } from '../integration/jiraPaused';
import { ActivityTab } from './ActivityTab';
import { BigProgress } from './BigProgress';
import type { DetailActions, DetailModel } from './detailModel';
import { HistoryTab } from './HistoryTab';
import { IssuesTab } from './IssuesTab';
import { OverviewTab } from './OverviewTab';

const TABS = ['overview', 'issues', 'activity', 'history'] as const;
type TabName = (typeof TABS)[number];

function Header({ model, actions }: { model: DetailModel; actions: DetailActions }) {
  const refresh = useRefreshLink();
  const jiraEnabled = useJiraEnabled();
  const { integration } = model;
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        {/* The buttons wrap under the title on a phone instead of squeezing it into a narrow column. */}
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              {model.kindWord}
              {model.cycleName && ` · ${model.cycleName}`}
            </Text>
            <Title order={1} size="h3">
              {model.title}
            </Title>
            <Group gap="md">
              <OwnerLabel owner={model.person} />
              {model.period && (
                <Text size="sm" c="dimmed">
                  {formatDateRange(model.period.startDate, model.period.endDate)}
                </Text>
              )}
              {model.closedAt && (
                <Badge variant="light" color="gray">
                  Closed {formatDate(model.closedAt.slice(0, 10))}
                </Badge>
              )}
              {model.score !== null && (
                <Text size="sm" c="dimmed">
                  Score {model.score.toLocaleString(undefined, { maximumFractionDigits: 2 })}
                </Text>
              )}
              {integration && (
                <Group gap={4}>
                  <IconBrandJira size={16} color="var(--mantine-color-blue-7)" role="img" aria-label="Linked to Jira" />
                  <Text size="sm" c="dimmed">
                    {integration.connectionName ?? 'Jira (connection deleted)'}
                  </Text>
                </Group>
              )}
            </Group>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {/* While Jira is disabled a refresh can only fail; the data source card says why. */}
            {integration && model.canEdit && jiraEnabled && (
              <Tooltip label="Refresh from Jira now" withArrow>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label="Refresh from Jira"
                  loading={refresh.isPending}
                  disabled={!integration.connectionId}
                  onClick={() => refresh.mutate(model.owner)}
                >
                  <IconRefresh size={18} />
                </ActionIcon>
              </Tooltip>
            )}
            {model.canEdit && model.checksIn && !integration && (
              <Button variant="light" leftSection={<IconMessagePlus size={16} />} onClick={actions.checkIn}>
                Check in
              </Button>
            )}
            {model.canEdit && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={actions.edit}>
                Edit
              </Button>
            )}
          </Group>
        </Group>
        <BigProgress subject={model.title} progress={model.progress} expectedProgress={model.expectedProgress} status={model.status} />
        <StatusLine
          status={model.status}
          expectedProgress={model.expectedProgress}
          extra={integration ? syncText(integration) : undefined}
          error={syncErrorText(integration)}
        />
      </Stack>
    </Paper>
  );
}

/** The page of one objective or key result: header with the big bar, then Overview, Issues, Activity, History. */
export function ItemDetail({ model, actions }: { model: DetailModel; actions: DetailActions }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: TabName = TABS.find((name) => name === requested) ?? 'overview';
  const selectTab = (value: string | null) => setParams(value && value !== 'overview' ? { tab: value } : {}, { replace: true });

  return (
    <Stack gap="md">
      <Header model={model} actions={actions} />
      <Tabs value={tab} onChange={selectTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="issues">Issues{model.integration?.total != null ? ` (${model.integration.total})` : ''}</Tabs.Tab>
          <Tabs.Tab value="activity">Activity</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <OverviewTab model={model} actions={actions} />
        </Tabs.Panel>
        <Tabs.Panel value="issues">
          <IssuesTab model={model} />
        </Tabs.Panel>
        <Tabs.Panel value="activity">
          <ActivityTab model={model} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryTab model={model} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
