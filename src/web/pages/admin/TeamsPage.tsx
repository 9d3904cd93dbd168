/**
 * Admin > Teams (issue 14): every team with its parent, owners and members; add, change and delete.
 * Teams feed the OKR page's team filter and "My OKRs". Deleting a team keeps its objectives (they
 * leave the team) and lifts its sub-teams to the top.
 */
import { Alert, Button, Group, Paper, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useUsers } from '../../api/admin';
import { useDeleteTeam, useTeams } from '../../api/teams';
import type { Team, User } from '../../api/types';
import { AppLayout } from '../../components/AppLayout';
import { ConfirmDeleteDialog } from '../../components/dialogs/ConfirmDeleteDialog';
import { TeamDialog } from '../../components/dialogs/TeamDialog';
import { AdminOnly } from './AdminOnly';

/** Names for ids, in the order given; an id without a user (should not happen) is left out. */
function names(ids: string[], usersById: Map<string, User>): string {
  const found = ids.map((id) => usersById.get(id)?.name).filter((name): name is string => name !== undefined);
  return found.length === 0 ? '—' : found.join(', ');
}

interface TeamActionsProps {
  team: Team;
  onEdit: () => void;
  onDelete: () => void;
}

function TeamActions({ team, onEdit, onDelete }: TeamActionsProps) {
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} aria-label={`Edit team ${team.name}`} onClick={onEdit} disabled={!team.canEdit}>
        Edit
      </Button>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} aria-label={`Delete team ${team.name}`} onClick={onDelete} disabled={!team.canEdit}>
        Delete
      </Button>
    </Group>
  );
}

type TeamsDialog = { kind: 'none' } | { kind: 'edit'; team?: Team } | { kind: 'delete'; team: Team };

export default function TeamsPage() {
  const teams = useTeams();
  const users = useUsers();
  const remove = useDeleteTeam();
  const [dialog, setDialog] = useState<TeamsDialog>({ kind: 'none' });
  const close = () => setDialog({ kind: 'none' });
  const teamList = teams.data ?? [];
  const usersById = new Map((users.data ?? []).map((user) => [user.id, user]));
  const teamName = (id: string | null) => (id === null ? '—' : (teamList.find((team) => team.id === id)?.name ?? '—'));
  const error = teams.error ?? users.error;

  return (
    <AppLayout toolbar={<Title order={1} size="h4">Teams</Title>}>
      <Stack gap="md" maw={1000} mx="auto">
        <AdminOnly>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" maw={640}>
              Objectives can belong to teams. The OKR page filters by team, and “My OKRs” shows what you own and what your teams hold.
            </Text>
            <Button leftSection={<IconUsersPlus size={16} />} onClick={() => setDialog({ kind: 'edit' })} disabled={!users.data}>
              Add team
            </Button>
          </Group>
          {(teams.isPending || users.isPending) && !error && <Skeleton h={160} radius="md" />}
          {error && <Alert color="red" title="Could not load the teams">{error.message}</Alert>}
          {teams.data && users.data && teamList.length === 0 && (
            <Paper withBorder radius="md" p="xl">
              <Text size="sm" ta="center">
                No teams yet. Add one, or import them with your OKRs in Admin &gt; Import and export.
              </Text>
            </Paper>
          )}
          {teams.data && users.data && teamList.length > 0 && (
            // On a phone each team is a card: a table would scroll its buttons out of sight.
            <Stack gap="sm" hiddenFrom="sm">
              {teamList.map((team) => (
                <Paper key={team.id} withBorder radius="md" p="md" component="article" aria-labelledby={`team-${team.id}`}>
                  <Stack gap={6}>
                    <Text id={`team-${team.id}`} fw={700}>
                      {team.name}
                    </Text>
                    <Text size="sm">Parent team: {teamName(team.parentId)}</Text>
                    <Text size="sm">Owners: {names(team.ownerIds, usersById)}</Text>
                    <Text size="sm">Members: {names(team.memberIds, usersById)}</Text>
                    <TeamActions team={team} onEdit={() => setDialog({ kind: 'edit', team })} onDelete={() => setDialog({ kind: 'delete', team })} />
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )}
          {teams.data && users.data && teamList.length > 0 && (
            <Paper withBorder radius="md" visibleFrom="sm">
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs" highlightOnHover aria-label="Teams">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Parent team</Table.Th>
                      <Table.Th>Owners</Table.Th>
                      <Table.Th>Members</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {teamList.map((team) => (
                      <Table.Tr key={team.id}>
                        <Table.Td fw={600}>{team.name}</Table.Td>
                        <Table.Td>{teamName(team.parentId)}</Table.Td>
                        <Table.Td>{names(team.ownerIds, usersById)}</Table.Td>
                        <Table.Td>{names(team.memberIds, usersById)}</Table.Td>
                        <Table.Td>
                          <TeamActions team={team} onEdit={() => setDialog({ kind: 'edit', team })} onDelete={() => setDialog({ kind: 'delete', team })} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
          {dialog.kind === 'edit' && users.data && <TeamDialog team={dialog.team} teams={teamList} users={users.data} onClose={close} />}
          {dialog.kind === 'delete' && (
            <ConfirmDeleteDialog
              title={`Delete team ${dialog.team.name}?`}
              message="Its objectives stay and simply leave the team; its sub-teams become top-level teams. Nobody loses access to anything."
              confirmLabel="Delete team"
              pending={remove.isPending}
              onClose={close}
              onConfirm={() =>
                remove.mutate(dialog.team.id, {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: `Team “${dialog.team.name}” deleted.` });
                    close();
                  },
                })
              }
            />
          )}
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
