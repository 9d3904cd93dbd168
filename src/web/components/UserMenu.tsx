import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCog } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useCurrentUser } from './CurrentUser';

export function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        {/* Named by its content, not an aria-label, so the name holds exactly what is shown (WCAG 2.5.3,
            speech input): "Account menu for" is for screen readers only, the name is shown from sm up and
            read at every width; the avatar's initials are decoration. */}
        <UnstyledButton>
          <Group gap={8} wrap="nowrap">
            <VisuallyHidden>Account menu for </VisuallyHidden>
            {/* Filled with autoContrast: the light initials colours are below WCAG AA's contrast on their tint. */}
            <Avatar name={user.name} color="initials" variant="filled" autoContrast size={30} radius="xl" aria-hidden />
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name}
            </Text>
            <VisuallyHidden hiddenFrom="sm">{user.name}</VisuallyHidden>
            <IconChevronDown size={14} stroke={1.5} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.email} · {user.role === 'admin' ? 'Admin' : 'Member'}
        </Menu.Label>
        <Menu.Item leftSection={<IconUserCog size={14} />} onClick={() => navigate('/account')}>
          Password and API tokens
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/okrs') })}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
