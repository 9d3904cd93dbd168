/**
 * The alignment tree on an objective's page (issue 14): the parents it counts towards with its weight
 * in each, then the objectives aligned under it, nested, each with its weight, status and progress.
 * A parent in another cycle is not in the cycle's list, so its line loads that objective itself.
 */
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useObjective } from '../../api/links';
import type { Objective } from '../../api/types';
import { StatusProgress } from '../StatusProgress';
import { weightText, type AlignedChild, type AlignedParent, type Alignment } from './alignment';

function ObjectiveLine({ objective, weight, weightOf }: { objective: Objective; weight: number | null; weightOf: string }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 12, rowGap: 4 }}>
      <div style={{ flex: '1 1 12rem', minWidth: 0 }}>
        <Anchor component={Link} to={`/objectives/${objective.id}`} size="sm">
          {objective.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {weightText(weight)} {weightOf}
        </Text>
      </div>
      <div style={{ width: 160, marginLeft: 'auto' }}>
        <StatusProgress subject={objective.title} progress={objective.progress} status={objective.status} size="sm" />
      </div>
    </div>
  );
}

function ParentLine({ parent }: { parent: AlignedParent }) {
  const elsewhere = useObjective(parent.objectiveId, parent.objective === null);
  const objective = parent.objective ?? elsewhere.data;
  if (!objective) {
    return (
      <Text size="sm" c="dimmed">
        {elsewhere.error ? 'An objective you cannot see (deleted, or not shared with you)' : 'Loading…'} · {weightText(parent.weight)}
      </Text>
    );
  }
  return <ObjectiveLine objective={objective} weight={parent.weight} weightOf="in its roll-up" />;
}

function ChildTree({ nodes, parentTitle }: { nodes: AlignedChild[]; parentTitle: string }) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
      {nodes.map((node) => (
        <li key={node.objective.id} style={{ marginTop: 8 }}>
          <ObjectiveLine objective={node.objective} weight={node.weight} weightOf={`in ${parentTitle}`} />
          {node.children.length > 0 && (
            <div style={{ paddingLeft: 20, borderLeft: '2px solid var(--mantine-color-gray-3)', marginLeft: 4 }}>
              <ChildTree nodes={node.children} parentTitle={node.objective.title} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AlignmentCard({ alignment, title }: { alignment: Alignment; title: string }) {
  const { parents, children } = alignment;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="alignment-title">
      <Title id="alignment-title" order={2} size="h5" mb="xs">
        Alignment
      </Title>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h6">
            Counts towards
          </Title>
          {parents.length === 0 ? (
            <Text size="sm" c="dimmed">
              No parent objective: it stands at the top. Edit it to align it under one.
            </Text>
          ) : (
            <ul style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
              {parents.map((parent) => (
                <li key={parent.objectiveId} style={{ marginTop: 8 }}>
                  <ParentLine parent={parent} />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <Title order={3} size="h6">
            Aligned under it
          </Title>
          {children.length === 0 ? (
            <Text size="sm" c="dimmed">
              No objective is aligned under this one.
            </Text>
          ) : (
            <ChildTree nodes={children} parentTitle={title} />
          )}
        </div>
      </Stack>
    </Paper>
  );
}
