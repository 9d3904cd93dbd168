import { Alert, Avatar, Badge, Button, Group, Modal, Paper, PasswordInput, Select, Skeleton, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useCreateUser, useRevokeUserToken, useUpdateUser, useUsers, useUserTokens } from '../../api/admin';
import type { Role, User } from '../../api/types';
import { ApiTokenTable } from '../../components/ApiTokenTable';
import { AppLayout } from '../../components/AppLayout';
import { ConfirmDeleteDialog } from '../../components/dialogs/ConfirmDeleteDialog';
import { useCurrentUser } from '../../components/CurrentUser';
import { fieldError } from '../../components/dialogs/formHelpers';
import { formatDate } from '../../components/format';
import { AdminOnly } from './AdminOnly';

const ROLE_OPTIONS = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];

function isRole(value: string | null): value is Role {
  return value === 'admin' || value === 'member';
}

function AddUserDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const create = useCreateUser();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), email: email.trim(), password, role },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'green', message: `${user.name} can now log in with ${user.email}.` });
          onClose();
        },
      },
    );
  }

  return (
    <Modal opened onClose={onClose} title="Add user">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} />
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(create.error, 'email')} />
          <PasswordInput
            label="Initial password"
            description="At least 10 characters, not a common password. Share it with them privately."
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(create.error, 'password')}
          />
          <Select label="Role" data={ROLE_OPTIONS} value={role} onChange={(value) => isRole(value) && setRole(value)} allowDeselect={false} error={fieldError(create.error, 'role')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An admin's view of one user's API tokens, each revocable. */
function UserTokensDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const tokens = useUserTokens(user.id);
  const revoke = useRevokeUserToken(user.id);
  return (
    <Modal opened onClose={onClose} title={`API tokens of ${user.name}`} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Scripts use these tokens to act as {user.name}. Revoke one that may have leaked or is no longer needed.
        </Text>
        {tokens.isPending && <Skeleton h={80} />}
        {tokens.error && <Alert color="red" title="Could not load the tokens">{tokens.error.message}</Alert>}
        {tokens.data && (
          <ApiTokenTable
            tokens={tokens.data}
            label={`API tokens of ${user.name}`}
            owner={`${user.name}'s scripts`}
            pending={revoke.isPending}
            onRevoke={(token, done) =>
              revoke.mutate(token.id, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `The token “${token.name}” of ${user.name} no longer works.` });
                  done();
                },
              })
            }
          />
        )}
      </Stack>
    </Modal>
  );
}

function ActiveSwitch({ user, isMe }: { user: User; isMe: boolean }) {
  const update = useUpdateUser();
  const [confirming, setConfirming] = useState(false);
  function setActive(active: boolean) {
    update.mutate(
      { id: user.id, active },
      {
        onSuccess: (saved) => {
          setConfirming(false);
          notifications.show({
            color: 'green',
            message: saved.active ? `${saved.name} can sign in again.` : `${saved.name} is deactivated: signed out everywhere, their API tokens refused.`,
          });
        },
      },
    );
  }
  return (
    <>
      <Switch
        aria-label={`Active: ${user.name}`}
        checked={user.active}
        // Admins can't lock themselves out; the server refuses it too.
        disabled={isMe || update.isPending}
        title={isMe ? "You can't deactivate yourself" : undefined}
        onChange={(event) => (event.currentTarget.checked ? setActive(true) : setConfirming(true))}
      />
      {confirming && (
        <ConfirmDeleteDialog
          title={`Deactivate ${user.name}?`}
          message={`${user.name} is signed out at once and can't sign in, and their API tokens stop working. Their objectives, key results and check-ins stay. You can reactivate them later; they then sign in again and need new API tokens.`}
          confirmLabel="Deactivate"
          pending={update.isPending}
          onConfirm={() => setActive(false)}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}

function UserRow({ user, isMe, onShowTokens }: { user: User; isMe: boolean; onShowTokens: () => void }) {
  const update = useUpdateUser();
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar name={user.name} color="initials" variant="filled" autoContrast size={28} radius="xl" aria-hidden />
          <Text size="sm" fw={500} c={user.active ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
            {user.name}
            {isMe && (
              <Text span size="xs" c="dimmed">
                {' '}
                (you)
              </Text>
            )}
          </Text>
          {!user.active && (
            // Never squeezed to "DEACTIVA…" on a phone: the table scrolls sideways instead.
            <Badge color="gray" variant="light" size="sm" style={{ flexShrink: 0 }}>
              Deactivated
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
      </Table.Td>
      <Table.Td w={160}>
        <Select
          aria-label={`Role of ${user.name}`}
          data={ROLE_OPTIONS}
          value={user.role}
          allowDeselect={false}
          disabled={update.isPending}
          size="xs"
          onChange={(role) => {
            if (!isRole(role) || role === user.role) return;
            update.mutate(
              { id: user.id, role },
              { onSuccess: (saved) => notifications.show({ color: 'green', message: `${saved.name} is now ${saved.role === 'admin' ? 'an admin' : 'a member'}.` }) },
            );
          }}
        />
      </Table.Td>
      <Table.Td>
        <ActiveSwitch user={user} isMe={isMe} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDate(user.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Button size="xs" variant="default" leftSection={<IconKey size={14} aria-hidden />} aria-label={`API tokens of ${user.name}`} onClick={onShowTokens}>
          Tokens
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

export default function UsersPage() {
  const me = useCurrentUser();
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  const [tokensOf, setTokensOf] = useState<User | null>(null);

  return (
    <AppLayout toolbar={<Title order={1} size="h4">Users</Title>}>
      <Stack gap="md" maw={1000} mx="auto">
        <AdminOnly>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Everyone who can log in to Pacer. Admins manage users, cycles and settings. A deactivated user can't sign in; their OKRs stay.
            </Text>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
              Add user
            </Button>
          </Group>
          {users.isPending && <Skeleton h={160} radius="md" />}
          {users.error && <Alert color="red" title="Could not load users">{users.error.message}</Alert>}
          {users.data && (
            <Paper withBorder radius="md">
              {/* On a phone the table scrolls sideways instead of squeezing names into slivers. */}
              <Table.ScrollContainer minWidth={820}>
                <Table verticalSpacing="xs" highlightOnHover aria-label="Users">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Role</Table.Th>
                      <Table.Th>Active</Table.Th>
                      <Table.Th>Added</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>API tokens</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {users.data.map((user) => (
                      <UserRow key={user.id} user={user} isMe={user.id === me.id} onShowTokens={() => setTokensOf(user)} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
          {adding && <AddUserDialog onClose={() => setAdding(false)} />}
          {tokensOf && <UserTokensDialog user={tokensOf} onClose={() => setTokensOf(null)} />}
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
