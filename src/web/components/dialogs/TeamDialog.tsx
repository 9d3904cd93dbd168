/**
 * Create or change a team (issue 14): its name, parent team, owners (who may change it) and members.
 * Owners and members decide whose "My OKRs" include the team's objectives. A parent that would make a
 * loop (the team itself or one of its sub-teams) is not offered; the server refuses it anyway.
 */
import { Modal, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useCreateTeam, useUpdateTeam } from '../../api/teams';
import type { Team, User } from '../../api/types';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { fieldError } from './formHelpers';
import { DialogActions } from './DialogActions';

/** The team and every team below it, which cannot become its parent. */
function selfAndSubTeams(teamId: string, teams: Team[]): Set<string> {
  const excluded = new Set([teamId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const team of teams) {
      if (team.parentId !== null && excluded.has(team.parentId) && !excluded.has(team.id)) {
        excluded.add(team.id);
        grew = true;
      }
    }
  }
  return excluded;
}

interface TeamDialogProps {
  team?: Team;
  teams: Team[];
  users: User[];
  onClose: () => void;
}

const NO_PARENT = '';

export function TeamDialog({ team, teams, users, onClose }: TeamDialogProps) {
  const [name, setName] = useState(team?.name ?? '');
  const [parentId, setParentId] = useState<string>(team?.parentId ?? NO_PARENT);
  const [ownerIds, setOwnerIds] = useState<string[]>(team?.ownerIds ?? []);
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const saving = team ? update : create;
  const { requestClose, confirm } = useConfirmDiscard(useChangedSinceOpen({ name, parentId, ownerIds, memberIds }), onClose);

  const excluded = team ? selfAndSubTeams(team.id, teams) : new Set<string>();
  const parentOptions = [
    { value: NO_PARENT, label: 'None (a top-level team)' },
    ...teams.filter((candidate) => !excluded.has(candidate.id)).map((candidate) => ({ value: candidate.id, label: candidate.name })),
  ];
  // Deactivated people stay listed: imported owners arrive deactivated until an admin invites them.
  const people = users.map((user) => ({ value: user.id, label: user.active ? user.name : `${user.name} (deactivated)` }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { name: name.trim(), parentId: parentId === NO_PARENT ? null : parentId, ownerIds, memberIds };
    const onSuccess = (saved: Team) => {
      notifications.show({ color: 'green', message: `Team “${saved.name}” saved.` });
      onClose();
    };
    if (team) update.mutate({ id: team.id, ...input }, { onSuccess });
    else create.mutate(input, { onSuccess });
  }

  return (
    <>
      <Modal opened onClose={requestClose} title={team ? `Edit team ${team.name}` : 'New team'} size="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(saving.error, 'name')} />
            <Select
              label="Parent team"
              data={parentOptions}
              value={parentId}
              onChange={(value) => setParentId(value ?? NO_PARENT)}
              allowDeselect={false}
              searchable={parentOptions.length > 8}
              error={fieldError(saving.error, 'parentId')}
              comboboxProps={{ withinPortal: true }}
            />
            <MultiSelect
              label="Owners"
              description="Owners may change or delete the team, as admins may."
              data={people}
              value={ownerIds}
              onChange={setOwnerIds}
              searchable
              nothingFoundMessage="Nobody by that name"
              error={fieldError(saving.error, 'ownerIds')}
              comboboxProps={{ withinPortal: true }}
            />
            <MultiSelect
              label="Members"
              description="The team's objectives appear in its owners' and members' “My OKRs”."
              data={people}
              value={memberIds}
              onChange={setMemberIds}
              searchable
              nothingFoundMessage="Nobody by that name"
              error={fieldError(saving.error, 'memberIds')}
              comboboxProps={{ withinPortal: true }}
            />
            <DialogActions onCancel={requestClose} submitLabel={team ? 'Save team' : 'Create team'} loading={saving.isPending} />
          </Stack>
        </form>
      </Modal>
      {confirm}
    </>
  );
}
