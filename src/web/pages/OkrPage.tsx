import { ActionIcon, Alert, Anchor, Badge, Button, EmptyState, Group, Menu, Paper, Select, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarPlus, IconPencil, IconPlus, IconSearch, IconSettings, IconTarget, IconTrash } from '@tabler/icons-react';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { rememberShownCycle } from '../api/okrPagePrefetch';
import { isFiltered, useCycles, useFilteredObjectives, useObjectives } from '../api/okrs';
import { useTeams } from '../api/teams';
import type { Cycle, Objective, Status } from '../api/types';
import { AppLayout } from '../components/AppLayout';
import { useCurrentUser } from '../components/CurrentUser';
import type { OkrActions } from '../components/OkrActions';
import type { OkrDialog } from '../components/OkrDialogs';
import classes from '../components/OkrRow.module.css';
import { OkrFilters, filterFromParams, withFilter } from '../components/OkrFilters';
import { OkrList } from '../components/OkrList';
import { buildObjectiveTree } from '../components/objectiveTree';
import { STATUS_COLOR, STATUS_LABEL, formatDateRange, todayIso } from '../components/format';

// Dialogs (and the date pickers inside them) load on first use, keeping the first download small.
const OkrDialogs = lazy(() => import('../components/OkrDialogs').then((module) => ({ default: module.OkrDialogs })));

/** The cycle running today, else the newest one (the server lists newest start first). */
function defaultCycle(cycles: Cycle[]): Cycle | null {
  const today = todayIso();
  return cycles.find((c) => c.startDate <= today && today <= c.endDate) ?? cycles[0] ?? null;
}

function matchesSearch(objective: Objective, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return objective.title.toLowerCase().includes(needle) || objective.keyResults.some((kr) => kr.title.toLowerCase().includes(needle));
}

const STATUS_ORDER: Status[] = ['on_track', 'behind', 'at_risk', 'not_started'];

function StatusSummary({ objectives }: { objectives: Objective[] }) {
  const counts = STATUS_ORDER.map((status) => ({ status, count: objectives.filter((o) => o.status === status).length })).filter((c) => c.count > 0);
  return (
    <Group gap={6} role="group" aria-label="Objectives by status">
      {counts.map(({ status, count }) => (
        <Badge key={status} variant="dot" color={STATUS_COLOR[status]} size="md" tt="none" fw={500}>
          {count} {STATUS_LABEL[status].toLowerCase()}
        </Badge>
      ))}
    </Group>
  );
}

/** Linking exists: say where it is set up, or who can set it up. */
function JiraHint({ isAdmin }: { isAdmin: boolean }) {
  return (
    <Text size="sm" c="dimmed" ta="center" maw={420}>
      {isAdmin ? (
        <>
          To let Jira issues drive progress, connect Jira in{' '}
          <Anchor component={Link} to="/admin/integrations" inherit underline="always">
            Admin &gt; Integrations
          </Anchor>
          , then link an objective or key result to a Jira query.
        </>
      ) : (
        'To let Jira issues drive progress, ask an admin to connect Jira in Admin > Integrations; then link an objective or key result to a Jira query.'
      )}
    </Text>
  );
}

function emptyFilterText(mine: boolean, teamName: string | null): string {
  if (mine && teamName) return `None of ${teamName}'s objectives in this cycle are yours or your teams'.`;
  if (mine) return "No objective in this cycle is yours or your teams'. Objectives count as yours when you own them or they belong to a team you own or are a member of.";
  return `No objective in this cycle belongs to ${teamName ?? 'this team'}.`;
}

/** Above this many objectives in a cycle, key results start folded so the page stays quick to draw and to scan. */
const KEY_RESULTS_FOLDED_ABOVE = 30;

export function OkrPage() {
  const user = useCurrentUser();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<OkrDialog>({ kind: 'none' });
  const [search, setSearch] = useState('');
  const cycles = useCycles();
  const cycleList = useMemo(() => cycles.data ?? [], [cycles.data]);
  const cycle = cycleList.find((c) => c.id === params.get('cycle')) ?? defaultCycle(cycleList);
  const teams = useTeams();
  const filter = filterFromParams(params, teams.data);
  const filtered = isFiltered(filter);
  // The whole cycle stays loaded (the dialogs pick parents from it); a filter adds the server's filtered list.
  const objectives = useObjectives(cycle?.id ?? null);
  const objectiveList = useMemo(() => objectives.data ?? [], [objectives.data]);
  const filteredObjectives = useFilteredObjectives(cycle?.id ?? null, filter);
  const shown = filtered ? filteredObjectives : objectives;
  const shownList = useMemo(() => shown.data ?? [], [shown.data]);
  useEffect(() => {
    if (cycle) rememberShownCycle(cycle.id);
  }, [cycle]);
  const tree = useMemo(() => buildObjectiveTree(shownList.filter((o) => matchesSearch(o, search))), [shownList, search]);

  const selectCycle = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('cycle', id);
      return next;
    });
  const clearFilter = () => setParams((current) => withFilter(current, { teamId: null, mine: false }));
  const close = () => setDialog({ kind: 'none' });
  const newObjective = () => setDialog({ kind: 'objective' });

  const actions: OkrActions = {
    editObjective: (objective) => setDialog({ kind: 'objective', objective }),
    addKeyResult: (objective) => setDialog({ kind: 'keyResult', objective }),
    addChildObjective: (objective) => setDialog({ kind: 'objective', parentId: objective.id }),
    checkInObjective: (objective) => setDialog({ kind: 'objectiveCheckIn', objective }),
    deleteObjective: (objective) => setDialog({ kind: 'deleteObjective', objective }),
    checkInKeyResult: (keyResult) => setDialog({ kind: 'keyResultCheckIn', keyResult }),
    editKeyResult: (keyResult) => {
      const objective = objectiveList.find((o) => o.id === keyResult.objectiveId);
      if (objective) setDialog({ kind: 'keyResult', objective, keyResult });
    },
    deleteKeyResult: (keyResult) => setDialog({ kind: 'deleteKeyResult', keyResult }),
  };

  const toolbar = (
    <Group gap="xs" wrap="nowrap">
      <Select
        aria-label="Cycle"
        placeholder={cycles.isPending ? 'Loading cycles…' : 'No cycles yet'}
        data={cycleList.map((c) => ({ value: c.id, label: c.name }))}
        value={cycle?.id ?? null}
        onChange={(id) => id && selectCycle(id)}
        allowDeselect={false}
        disabled={cycleList.length === 0}
        w={{ base: 150, sm: 220 }}
        comboboxProps={{ withinPortal: true }}
      />
      {isAdmin && (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Cycle settings">
              <IconSettings size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconCalendarPlus size={14} />} onClick={() => setDialog({ kind: 'cycle' })}>
              New cycle
            </Menu.Item>
            {cycle && (
              <>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog({ kind: 'cycle', cycle })}>
                  Edit cycle
                </Menu.Item>
                <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => setDialog({ kind: 'deleteCycle', cycle })}>
                  Delete cycle
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
      <Button leftSection={<IconPlus size={16} />} onClick={newObjective} disabled={!cycle} visibleFrom="sm">
        New objective
      </Button>
      <ActionIcon size="lg" onClick={newObjective} disabled={!cycle} hiddenFrom="sm" aria-label="New objective">
        <IconPlus size={18} />
      </ActionIcon>
    </Group>
  );

  let body;
  if (cycles.isPending) {
    body = <Skeleton h={240} radius="md" />;
  } else if (cycles.error) {
    body = <Alert color="red" title="Could not load cycles">{cycles.error.message}</Alert>;
  } else if (!cycle) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={<IconCalendarPlus />}
          variant="light"
          title="Create your first cycle"
          description="A cycle is the period your objectives run over, usually a quarter. Progress is measured against it."
        >
          <EmptyState.Actions>
            {isAdmin ? (
              <Button onClick={() => setDialog({ kind: 'cycle' })}>Create your first cycle</Button>
            ) : (
              <Text size="sm" c="dimmed">
                Ask an admin to create one.
              </Text>
            )}
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else if (objectives.isPending) {
    body = <Skeleton h={240} radius="md" />;
  } else if (objectives.error) {
    body = <Alert color="red" title="Could not load objectives">{objectives.error.message}</Alert>;
  } else if (objectiveList.length > 0 && shown.isPending) {
    body = <Skeleton h={240} radius="md" />;
  } else if (objectiveList.length > 0 && shown.error) {
    body = (
      <Alert color="red" title="Could not filter the objectives">
        {shown.error.message}{' '}
        <Anchor component="button" type="button" inherit underline="always" onClick={clearFilter}>
          Show all OKRs
        </Anchor>
      </Alert>
    );
  } else if (objectiveList.length > 0 && shownList.length === 0) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <Stack gap="sm" align="center">
          <Text ta="center">{emptyFilterText(filter.mine, teams.data?.find((team) => team.id === filter.teamId)?.name ?? null)}</Text>
          <Button variant="light" onClick={clearFilter}>
            Show all OKRs
          </Button>
        </Stack>
      </Paper>
    );
  } else if (objectiveList.length === 0) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={<IconTarget />}
          variant="light"
          title="Add an objective"
          description="Objectives say what you want to achieve this cycle; key results measure it."
        >
          <EmptyState.Actions>
            <Stack gap="sm" align="center">
              <Button leftSection={<IconPlus size={16} />} onClick={newObjective}>
                Add an objective
              </Button>
              <JiraHint isAdmin={isAdmin} />
            </Stack>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else {
    body = (
      <div className={classes.list}>
        <div className={`${classes.row} ${classes.headRow}`} aria-hidden>
          <span className={classes.lead} />
          <span className={`${classes.main} ${classes.columnHeading}`}>Objective</span>
          <span className={`${classes.owner} ${classes.columnHeading}`}>Owner</span>
          <span className={`${classes.progressCell} ${classes.columnHeading}`}>Progress</span>
          <span className={classes.jira} />
          <span className={classes.menu} />
        </div>
        <OkrList tree={tree} actions={actions} keyResultsFolded={shownList.length > KEY_RESULTS_FOLDED_ABOVE} />
        {tree.length === 0 && (
          <Text size="sm" c="dimmed" p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            Nothing matches “{search}”.
          </Text>
        )}
      </div>
    );
  }

  return (
    <AppLayout toolbar={toolbar}>
      <Stack gap="md" maw={1200} mx="auto">
        {cycle && (
          <Group justify="space-between" align="flex-end">
            <Stack gap={4}>
              <Title order={1} size="h3">
                {cycle.name}
              </Title>
              <Group gap="sm">
                <Text size="sm" c="dimmed">
                  {formatDateRange(cycle.startDate, cycle.endDate)}
                </Text>
                <StatusSummary objectives={shownList} />
              </Group>
            </Stack>
            {objectiveList.length > 0 && (
              <Group gap="xs" role="search" aria-label="Filter objectives">
                <OkrFilters filter={filter} teams={teams.data ?? []} setParams={setParams} />
                <TextInput
                  aria-label="Search objectives"
                  placeholder="Search…"
                  leftSection={<IconSearch size={14} />}
                  value={search}
                  onChange={(e) => setSearch(e.currentTarget.value)}
                  w={{ base: '100%', xs: 220 }}
                />
              </Group>
            )}
          </Group>
        )}
        {body}
      </Stack>
      <Suspense fallback={null}>
        {dialog.kind !== 'none' && (
          <OkrDialogs
            dialog={dialog}
            cycles={cycleList}
            cycle={cycle}
            objectives={objectiveList}
            onClose={close}
            onCycleSaved={(saved) => {
              close();
              selectCycle(saved.id);
            }}
            onCycleDeleted={() => {
              close();
              setParams({});
            }}
          />
        )}
      </Suspense>
    </AppLayout>
  );
}
