import { Group, Modal, MultiSelect, Radio, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useUsers } from '../../api/admin';
import { useCreateObjective, useUpdateObjective } from '../../api/okrs';
import { useTeams } from '../../api/teams';
import type { Cycle, Objective, ProgressMode } from '../../api/types';
import { useCurrentUser } from '../CurrentUser';
import { formatDate } from '../format';
import { IntegrationSection } from '../integration/IntegrationSection';
import { useApplyLinkPlan, useLinkEditor } from '../integration/useLinkEditor';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { MilestonesField, milestonesFromDrafts, sortDrafts, type MilestoneDraft } from './MilestonesField';
import { CALENDAR_LABELS, fieldError } from './formHelpers';
import { DialogActions } from './DialogActions';

interface ObjectiveDialogProps {
  cycle: Cycle;
  /** The objective being edited; absent when creating one. */
  objective?: Objective;
  /** Objectives of the cycle, candidates for the parent. */
  objectives: Objective[];
  defaultParentId?: string;
  onClose: () => void;
}

/** Ids of the objective and everything aligned below it: none of them can become its parent. */
function selfAndDescendants(rootId: string, objectives: Objective[]): Set<string> {
  const excluded = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of objectives) {
      if (o.parentId && excluded.has(o.parentId) && !excluded.has(o.id)) {
        excluded.add(o.id);
        grew = true;
      }
    }
  }
  return excluded;
}

export function ObjectiveDialog({ cycle, objective, objectives, defaultParentId, onClose }: ObjectiveDialogProps) {
  const me = useCurrentUser();
  const users = useUsers();
  const [title, setTitle] = useState(objective?.title ?? '');
  const [description, setDescription] = useState(objective?.description ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(objective ? objective.ownerId : me.id);
  const [parentId, setParentId] = useState<string | null>(objective ? objective.parentId : (defaultParentId ?? null));
  const [startDate, setStartDate] = useState<string | null>(objective?.startDate ?? null);
  const [endDate, setEndDate] = useState<string | null>(objective?.endDate ?? null);
  const [progressMode, setProgressMode] = useState<ProgressMode>(objective?.progressMode ?? 'key_results');
  const [teamIds, setTeamIds] = useState<string[]>(objective?.teamIds ?? []);
  // A manual objective's phased targets, typed in percent (the API keeps fractions).
  const [milestones, setMilestones] = useState<MilestoneDraft[]>(() => (objective?.milestones ?? []).map((m) => ({ date: m.date, value: Math.round(m.value * 10_000) / 100 })));
  const [milestoneProblems, setMilestoneProblems] = useState<Record<string, string>>({});
  const teams = useTeams();
  const create = useCreateObjective();
  const update = useUpdateObjective();
  const saving = objective ? update : create;
  const link = useLinkEditor({
    owner: objective ? { kind: 'objective', id: objective.id } : undefined,
    summary: objective?.integration ?? null,
    // The dates as typed, so "only issues resolved within the period" previews the period that will be saved.
    previewContext: { cycleId: cycle.id, startDate, endDate },
  });
  const linkPlan = useApplyLinkPlan();
  const [linkError, setLinkError] = useState<string | null>(null);
  const drivenByJira = link.mode === 'linked' || link.mode === 'editing';
  const fieldsChanged = useChangedSinceOpen({ title, description, ownerId, parentId, startDate, endDate, progressMode, teamIds, milestones });
  const { requestClose, confirm } = useConfirmDiscard(fieldsChanged || link.dirty, onClose);

  const excluded = objective ? selfAndDescendants(objective.id, objectives) : new Set<string>();
  const parentOptions = objectives.filter((o) => !excluded.has(o.id)).map((o) => ({ value: o.id, label: o.title }));
  const ownerOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const phasedApplies = progressMode === 'manual' && !drivenByJira;
    const sorted = sortDrafts(milestones);
    setMilestones(sorted);
    const phased = milestonesFromDrafts(phasedApplies ? sorted : [], (percent) => percent / 100);
    setMilestoneProblems(phased.problems);
    if (Object.keys(phased.problems).length > 0) return;
    const input = {
      cycleId: cycle.id,
      title: title.trim(),
      description: description.trim(),
      ownerId,
      parentId,
      startDate,
      endDate,
      progressMode,
      teamIds,
      // Only a manual objective carries its own; a roll-up's expectation comes from its parts.
      ...(phasedApplies ? { milestones: phased.milestones } : {}),
    };
    if (link.blockedReason) return;
    const plan = link.plan();
    const onSuccess = async (saved: Objective) => {
      const problem = await linkPlan.apply({ kind: 'objective', id: saved.id }, plan);
      if (problem && objective) {
        // The objective's own fields are saved; keep the dialog so the link can be corrected.
        setLinkError(`The objective was saved, but the Jira link was not: ${problem}`);
        return;
      }
      if (problem) {
        notifications.show({
          color: 'orange',
          title: `Objective “${saved.title}” created, but not linked to Jira`,
          message: `${problem} Open the objective and add the integration again.`,
          autoClose: false,
        });
      } else {
        notifications.show({ color: 'green', message: `Objective “${saved.title}” saved.` });
      }
      onClose();
    };
    if (objective) update.mutate({ id: objective.id, ...input }, { onSuccess });
    else create.mutate(input, { onSuccess });
  }

  return (
    <>
      <Modal opened onClose={requestClose} title={objective ? 'Edit objective' : 'New objective'} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Title"
              placeholder="Make onboarding effortless"
              required
              data-autofocus
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldError(saving.error, 'title')}
            />
            <Textarea
              label="Description"
              placeholder="Why this matters this cycle"
              autosize
              minRows={2}
              maxRows={6}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={fieldError(saving.error, 'description')}
            />
            <Group grow align="flex-start">
              <Select
                label="Owner"
                placeholder="No owner"
                data={ownerOptions}
                value={ownerId}
                onChange={setOwnerId}
                searchable
                clearable
                nothingFoundMessage="No one by that name"
                error={fieldError(saving.error, 'ownerId')}
              />
              <Select
                label="Parent objective"
                placeholder="None (top level)"
                data={parentOptions}
                value={parentId}
                onChange={setParentId}
                searchable
                clearable
                nothingFoundMessage="No objective by that name"
                error={fieldError(saving.error, 'parentId')}
              />
            </Group>
            {(teams.data?.length ?? 0) > 0 && (
              <MultiSelect
                label="Teams"
                description="The OKR page's team filter and “My OKRs” use them."
                placeholder={teamIds.length === 0 ? 'No team' : undefined}
                data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
                value={teamIds}
                onChange={setTeamIds}
                searchable
                nothingFoundMessage="No team by that name"
                error={fieldError(saving.error, 'teamIds')}
              />
            )}
            <Group grow align="flex-start">
              <DatePickerInput
                label="Own start date"
                placeholder={`Cycle start, ${formatDate(cycle.startDate)}`}
                description="Leave empty to follow the cycle"
                value={startDate}
                onChange={setStartDate}
                clearable
                valueFormat="D MMM YYYY"
                ariaLabels={CALENDAR_LABELS}
                error={fieldError(saving.error, 'startDate')}
              />
              <DatePickerInput
                label="Own end date"
                placeholder={`Cycle end, ${formatDate(cycle.endDate)}`}
                description="Leave empty to follow the cycle"
                value={endDate}
                onChange={setEndDate}
                minDate={startDate ?? undefined}
                clearable
                valueFormat="D MMM YYYY"
                ariaLabels={CALENDAR_LABELS}
                error={fieldError(saving.error, 'endDate')}
              />
            </Group>
            {drivenByJira ? (
              <Text size="sm" c="dimmed">
                Progress comes from Jira while the objective is linked.
              </Text>
            ) : (
              <Radio.Group label="Progress comes from" value={progressMode} onChange={(value) => setProgressMode(value === 'manual' ? 'manual' : 'key_results')} error={fieldError(saving.error, 'progressMode')}>
                <Stack gap={6} mt={6}>
                  <Radio value="key_results" label="Its key results (weighted average)" />
                  <Radio value="manual" label="Manual check-ins on the objective itself" />
                </Stack>
              </Radio.Group>
            )}
            {progressMode === 'manual' && !drivenByJira && (
              <MilestonesField
                drafts={milestones}
                onChange={(drafts) => {
                  setMilestones(drafts);
                  setMilestoneProblems({});
                }}
                valueLabel="Progress (%)"
                minDate={startDate ?? cycle.startDate}
                maxDate={endDate ?? cycle.endDate}
                saveError={saving.error}
                localProblems={milestoneProblems}
              />
            )}
            <IntegrationSection editor={link} />
            {linkError && (
              <Text size="sm" c="red" role="alert">
                {linkError}
              </Text>
            )}
            <DialogActions
              onCancel={requestClose}
              submitLabel={objective ? 'Save objective' : 'Create objective'}
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
