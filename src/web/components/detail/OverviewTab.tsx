import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBrandJira } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { KeyResult } from '../../api/types';
import { OwnerLabel } from '../OwnerLabel';
import { StatusProgress } from '../StatusProgress';
import { AlignmentCard } from './AlignmentCard';
import { DataSourceCard } from './DataSourceCard';
import { ForecastCard } from './ForecastCard';
import type { DetailActions, DetailModel } from './detailModel';

function KeyResultList({ keyResults }: { keyResults: KeyResult[] }) {
  if (keyResults.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No key results.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {keyResults.map((kr) => (
        // Wraps: where the title would get less than ~12rem beside the owner and the bar (a phone,
        // or a half-width card), owner and bar move under it instead of squeezing it to nothing.
        <Group key={kr.id} gap="xs" wrap="wrap" data-testid="key-result-line">
          <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 12rem', minWidth: 0 }}>
            <Anchor component={Link} to={`/key-results/${kr.id}`} size="sm" style={{ minWidth: 0 }} lineClamp={2}>
              {kr.title}
            </Anchor>
            {kr.integration && <IconBrandJira size={16} color="var(--mantine-color-blue-7)" role="img" aria-label="Linked to Jira" style={{ flexShrink: 0 }} />}
          </Group>
          <Group gap="sm" wrap="nowrap" ml="auto">
            <div style={{ width: 120 }}>
              <OwnerLabel owner={kr.owner} />
            </div>
            <div style={{ width: 160 }}>
              <StatusProgress subject={kr.title} progress={kr.progress} status={kr.status} size="sm" />
            </div>
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

export function OverviewTab({ model, actions }: { model: DetailModel; actions: DetailActions }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="md">
      <Stack gap="md">
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="about-title">
          <Title id="about-title" order={2} size="h5" mb="xs">
            About
          </Title>
          {model.parent && (
            <Text size="sm" mb="xs">
              Measures the objective{' '}
              <Anchor component={Link} to={`/objectives/${model.parent.id}`}>
                {model.parent.title}
              </Anchor>
              .
            </Text>
          )}
          <Text size="sm" c={model.description ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
            {model.description || 'No description.'}
          </Text>
        </Paper>
        {model.keyResults && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="krs-title">
            <Title id="krs-title" order={2} size="h5" mb="xs">
              Key results
            </Title>
            <KeyResultList keyResults={model.keyResults} />
          </Paper>
        )}
        {model.alignment && <AlignmentCard alignment={model.alignment} title={model.title} />}
      </Stack>
      <Stack gap="md">
        {model.integration && model.period && <ForecastCard model={model} />}
        <DataSourceCard model={model} actions={actions} />
      </Stack>
    </SimpleGrid>
  );
}
