import { Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useUsers } from '../../api/admin';
import { useCreateKeyResult, useUpdateKeyResult } from '../../api/okrs';
import type { KeyResult, Objective } from '../../api/types';
import { useCurrentUser } from '../CurrentUser';
import { formatValue } from '../format';
import { IntegrationSection } from '../integration/IntegrationSection';
import { useApplyLinkPlan, useLinkEditor } from '../integration/useLinkEditor';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { fieldError, toNumber } from './formHelpers';
import { MilestonesField, milestonesFromDrafts, sortDrafts, type MilestoneDraft } from './MilestonesField';
import { DialogActions } from './DialogActions';

interface KeyResultDialogProps {
  objective: Objective;
  keyResult?: KeyResult;
  onClose: () => void;
}

type Numeric = string | number;

export function KeyResultDialog({ objective, keyResult, onClose }: KeyResultDialogProps) {
  const me = useCurrentUser();
  const users = useUsers();
  const [title, setTitle] = useState(keyResult?.title ?? '');
  const [startValue, setStartValue] = useState<Numeric>(keyResult?.startValue ?? 0);
  const [targetValue, setTargetValue] = useState<Numeric>(keyResult?.targetValue ?? '');
  const [currentValue, setCurrentValue] = useState<Numeric>(keyResult?.currentValue ?? '');
  const [unit, setUnit] = useState(keyResult?.unit ?? '');
  const [weight, setWeight] = useState<Numeric>(keyResult?.weight ?? 1);
  const [ownerId, setOwnerId] = useState<string | null>(keyResult ? keyResult.ownerId : (objective.ownerId ?? me.id));
  const [milestones, setMilestones] = useState<MilestoneDraft[]>(() => (keyResult?.milestones ?? []).map((m) => ({ date: m.date, value: m.value })));
  const [milestoneProblems, setMilestoneProblems] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const create = useCreateKeyResult();
  const update = useUpdateKeyResult();
  const saving = keyResult ? update : create;
  const ownerOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const link = useLinkEditor({
    owner: keyResult ? { kind: 'keyResult', id: keyResult.id } : undefined,
    summary: keyResult?.integration ?? null,
    // A key result runs over its objective's period.
    previewContext: keyResult ? { keyResultId: keyResult.id } : { objectiveId: objective.id },
    scale: { startValue, targetValue },
  });
  const linkPlan = useApplyLinkPlan();
  const [linkError, setLinkError] = useState<string | null>(null);
  const drivenByJira = link.mode === 'linked' || link.mode === 'editing';
  const fieldsChanged = useChangedSinceOpen({ title, startValue, targetValue, currentValue, unit, weight, ownerId, milestones });
  const { requestClose, confirm } = useConfirmDiscard(fieldsChanged || link.dirty, onClose);

  const errorFor = (field: string) => missing[field] ?? fieldError(saving.error, field);

  function submit(event: FormEvent) {
    event.preventDefault();
    const start = toNumber(startValue);
    const target = toNumber(targetValue);
    const current = toNumber(currentValue);
    const weightNumber = toNumber(weight);
    const problems: Record<string, string> = {};
    if (start === null) problems.startValue = 'Enter the value you start from, e.g. 0';
    if (target === null) problems.targetValue = 'Enter the value you aim to reach';
    if (weightNumber === null) problems.weight = 'Enter a weight, e.g. 1';
    setMissing(problems);
    const sorted = sortDrafts(milestones);
    setMilestones(sorted);
    const phased = milestonesFromDrafts(sorted);
    setMilestoneProblems(phased.problems);
    if (start === null || target === null || weightNumber === null || Object.keys(phased.problems).length > 0) return;

    const input = {
      title: title.trim(),
      startValue: start,
      targetValue: target,
      unit: unit.trim(),
      weight: weightNumber,
      ownerId,
      milestones: phased.milestones,
    };
    if (link.blockedReason) return;
    const plan = link.plan();
    const onSuccess = async (saved: KeyResult) => {
      const problem = await linkPlan.apply({ kind: 'keyResult', id: saved.id }, plan);
      if (problem && keyResult) {
        // The key result's own fields are saved; keep the dialog so the link can be corrected.
        setLinkError(`The key result was saved, but the Jira link was not: ${problem}`);
        return;
      }
      if (problem) {
        notifications.show({
          color: 'orange',
          title: `Key result “${saved.title}” created, but not linked to Jira`,
          message: `${problem} Edit the key result and add the integration again.`,
          autoClose: false,
        });
      } else {
        notifications.show({ color: 'green', message: `Key result “${saved.title}” saved.` });
      }
      onClose();
    };
    // Only a new key result takes a current value here (it starts where it starts unless told
    // otherwise); later values are check-ins, so the history shows every one.
    if (keyResult) update.mutate({ id: keyResult.id, ...input }, { onSuccess });
    else create.mutate({ objectiveId: objective.id, ...input, currentValue: current ?? start }, { onSuccess });
  }

  return (
    <>
      <Modal opened onClose={requestClose} title={keyResult ? 'Edit key result' : 'New key result'} size="lg">
        <Text size="sm" c="dimmed" mb="sm" lineClamp={2}>
          Measures “{objective.title}”. Progress is how far the current value has moved from start to target.
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Title"
              placeholder="Launch beta to 50 customers"
              required
              data-autofocus
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errorFor('title')}
            />
            <Group grow align="flex-start">
              <NumberInput label="Start value" description="Where you begin" required value={startValue} onChange={setStartValue} error={errorFor('startValue')} />
              <NumberInput label="Target value" description="May be below the start" required value={targetValue} onChange={setTargetValue} error={errorFor('targetValue')} />
              {keyResult && !drivenByJira && (
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    Current value
                  </Text>
                  <Text size="sm" data-testid="current-value">
                    {formatValue(keyResult.currentValue, keyResult.unit)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Change it with Check in, so each value stays in the history.
                  </Text>
                </Stack>
              )}
              {!keyResult && !drivenByJira && (
                <NumberInput
                  label="Current value"
                  description="Later: use check-ins"
                  placeholder="Same as start"
                  value={currentValue}
                  onChange={setCurrentValue}
                  error={errorFor('currentValue')}
                />
              )}
            </Group>
            <Group grow align="flex-start">
              <TextInput label="Unit" description="Shown after values" placeholder="customers, %, bugs" value={unit} onChange={(e) => setUnit(e.currentTarget.value)} error={errorFor('unit')} />
              <NumberInput
                label="Weight"
                description="Share of the objective"
                min={0}
                value={weight}
                onChange={setWeight}
                error={errorFor('weight')}
              />
              <Select
                label="Owner"
                description="Who reports on it"
                placeholder="No owner"
                data={ownerOptions}
                value={ownerId}
                onChange={setOwnerId}
                searchable
                clearable
                nothingFoundMessage="No one by that name"
                error={errorFor('ownerId')}
              />
            </Group>
            <MilestonesField
              drafts={milestones}
              onChange={(drafts) => {
                setMilestones(drafts);
                // The problems named rows by position; an edit makes them stale.
                setMilestoneProblems({});
              }}
              valueLabel={unit.trim() ? `Value (${unit.trim()})` : 'Value'}
              minDate={objective.startDate ?? undefined}
              maxDate={objective.endDate ?? undefined}
              saveError={saving.error}
              localProblems={milestoneProblems}
            />
            <IntegrationSection editor={link} />
            {linkError && (
              <Text size="sm" c="red" role="alert">
                {linkError}
              </Text>
            )}
            <DialogActions
              onCancel={requestClose}
              submitLabel={keyResult ? 'Save key result' : 'Create key result'}
              loading={saving.isPending || linkPlan.pending}
              disabled={link.blockedReason !== null}
              note={link.blockedReason}
            />
          </Stack>
        </form>
      </Modal>
      {confirm}
    </>
  );
}
