/**
 * The pages of one objective (/objectives/:id) and one key result (/key-results/:id): they load
 * the item and what surrounds it (cycle, parent objective, check-ins) into one DetailModel.
 */
import { Alert, Anchor, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useKeyResult, useObjective } from '../api/links';
import { useCycles, useKeyResultCheckIns, useObjectiveCheckIns, useObjectives } from '../api/okrs';
import { AppLayout } from '../components/AppLayout';
import type { DetailDialog } from '../components/detail/DetailDialogs';
import { alignmentOf } from '../components/detail/alignment';
import type { DetailModel } from '../components/detail/detailModel';
import { ItemDetail } from '../components/detail/ItemDetail';
import { keyResultValueText } from '../components/KeyResultRow';
import { formatValue, percentText } from '../components/format';
import { keyResultProgress } from '../../core/progress';
import type { Period } from '../../core/types';

// The edit and check-in dialogs (and their date pickers) load on first use.
const DetailDialogs = lazy(() => import('../components/detail/DetailDialogs').then((module) => ({ default: module.DetailDialogs })));

function Frame({ cycleId, children }: { cycleId?: string | undefined; children: ReactNode }) {
  const back = cycleId ? `/okrs?cycle=${encodeURIComponent(cycleId)}` : '/okrs';
  return (
    <AppLayout
      toolbar={
        <Anchor component={Link} to={back} size="sm" c="dimmed">
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={16} aria-hidden />
            All OKRs
          </Group>
        </Anchor>
      }
    >
      <Stack gap="md" maw={1100} mx="auto">
        {children}
      </Stack>
    </AppLayout>
  );
}

function LoadProblem({ error, what }: { error: Error; what: string }) {
  const gone = error instanceof ApiError && error.status === 404;
  return (
    <Alert color={gone ? 'gray' : 'red'} title={gone ? `This ${what} no longer exists` : `Could not load the ${what}`}>
      <Text size="sm">{gone ? 'It may have been deleted. Go back to the OKRs to see what there is now.' : error.message}</Text>
      <Button component={Link} to="/okrs" variant="default" size="xs" mt="sm">
        Back to OKRs
      </Button>
    </Alert>
  );
}

/** Dialogs change the item; its page reads it through its own queries, so refresh those on close. */
function useDialogs() {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<DetailDialog>({ kind: 'none' });
  const close = () => {
    setDialog({ kind: 'none' });
    void queryClient.invalidateQueries({ queryKey: ['objective'] });
    void queryClient.invalidateQueries({ queryKey: ['key-result'] });
  };
  const dialogs = (
    <Suspense fallback={null}>{dialog.kind !== 'none' && <DetailDialogs dialog={dialog} onClose={close} />}</Suspense>
  );
  return { setDialog, dialogs };
}

function periodOf(start: string | null | undefined, end: string | null | undefined): Period | null {
  return start && end ? { startDate: start, endDate: end } : null;
}

export function ObjectiveDetailPage() {
  const { id = '' } = useParams();
  const objective = useObjective(id);
  const cycles = useCycles();
  const cycle = cycles.data?.find((c) => c.id === objective.data?.cycleId);
  const siblings = useObjectives(cycle?.id ?? null);
  const checkIns = useObjectiveCheckIns(id);
  const { setDialog, dialogs } = useDialogs();

  if (objective.error) return <Frame><LoadProblem error={objective.error} what="objective" /></Frame>;
  if (!objective.data) return <Frame><Skeleton h={420} radius="md" /></Frame>;
  const o = objective.data;
  const model: DetailModel = {
    owner: { kind: 'objective', id: o.id },
    kindWord: 'Objective',
    title: o.title,
    description: o.description,
    person: o.owner,
    period: periodOf(o.startDate ?? cycle?.startDate, o.endDate ?? cycle?.endDate),
    cycleName: cycle?.name ?? null,
    periodWord: o.startDate || o.endDate ? 'period' : 'cycle',
    progress: o.progress,
    expectedProgress: o.expectedProgress,
    status: o.status,
    integration: o.integration,
    checkIns,
    checkInValueText: (value) => percentText(value),
    checkInProgress: (value) => value,
    // Only a manual objective's own milestones shape its expectation; a roll-up's come from its parts.
    milestones: o.progressMode === 'manual' ? o.milestones : [],
    milestoneRange: { startValue: 0, targetValue: 1 },
    keyResults: o.keyResults,
    alignment: siblings.data ? alignmentOf(o, siblings.data) : undefined,
    checksIn: o.progressMode === 'manual',
    closedAt: o.closedAt,
    score: o.score,
    canEdit: o.canEdit,
  };
  return (
    <Frame cycleId={o.cycleId}>
      <ItemDetail
        model={model}
        actions={{
          edit: () => cycle && setDialog({ kind: 'editObjective', objective: o, cycle, objectives: siblings.data ?? [] }),
          checkIn: () => setDialog({ kind: 'checkInObjective', objective: o }),
          editLink: () =>
            setDialog({ kind: 'link', owner: model.owner, title: o.title, summary: o.integration, previewContext: { objectiveId: o.id } }),
          unlink: () => setDialog({ kind: 'unlink', owner: model.owner, title: o.title, progress: o.progress }),
        }}
      />
      {dialogs}
    </Frame>
  );
}

export function KeyResultDetailPage() {
  const { id = '' } = useParams();
  const keyResult = useKeyResult(id);
  const objective = useObjective(keyResult.data?.objectiveId ?? '', keyResult.data !== undefined);
  const cycles = useCycles();
  const cycle = cycles.data?.find((c) => c.id === objective.data?.cycleId);
  const checkIns = useKeyResultCheckIns(id);
  const { setDialog, dialogs } = useDialogs();

  const error = keyResult.error ?? objective.error;
  if (error) return <Frame><LoadProblem error={error} what="key result" /></Frame>;
  if (!keyResult.data || !objective.data) return <Frame><Skeleton h={420} radius="md" /></Frame>;
  const kr = keyResult.data;
  const parent = objective.data;
  const model: DetailModel = {
    owner: { kind: 'keyResult', id: kr.id },
    kindWord: 'Key result',
    title: kr.title,
    // Key results have no description of their own; where they stand says most.
    description: `${keyResultValueText(kr)}.`,
    person: kr.owner,
    period: periodOf(parent.startDate ?? cycle?.startDate, parent.endDate ?? cycle?.endDate),
    cycleName: cycle?.name ?? null,
    periodWord: parent.startDate || parent.endDate ? 'period' : 'cycle',
    progress: kr.progress,
    expectedProgress: kr.expectedProgress,
    status: kr.status,
    integration: kr.integration,
    checkIns,
    checkInValueText: (value) => formatValue(value, kr.unit),
    checkInProgress: (value) => keyResultProgress({ startValue: kr.startValue, targetValue: kr.targetValue, currentValue: value }),
    milestones: kr.milestones,
    milestoneRange: { startValue: kr.startValue, targetValue: kr.targetValue },
    parent,
    checksIn: true,
    closedAt: kr.closedAt,
    score: kr.score,
    canEdit: kr.canEdit,
  };
  return (
    <Frame cycleId={parent.cycleId}>
      <ItemDetail
        model={model}
        actions={{
          edit: () => setDialog({ kind: 'editKeyResult', objective: parent, keyResult: kr }),
          checkIn: () => setDialog({ kind: 'checkInKeyResult', keyResult: kr }),
          editLink: () =>
            setDialog({
              kind: 'link',
              owner: model.owner,
              title: kr.title,
              summary: kr.integration,
              previewContext: { keyResultId: kr.id },
              scale: { startValue: kr.startValue, targetValue: kr.targetValue },
            }),
          unlink: () => setDialog({ kind: 'unlink', owner: model.owner, title: kr.title, progress: kr.progress }),
        }}
      />
      {dialogs}
    </Frame>
  );
}
