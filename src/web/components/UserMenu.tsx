import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
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
        <UnstyledButton aria-label={`Account menu for ${user.name}`}>
          <Group gap={8} wrap="nowrap">
            {/* Hidden from screen readers: the button's name already says whose menu it is. Filled with
                autoContrast: the light initials colours are below WCAG AA's contrast on their tint. */}
            <Avatar name={user.name} color="initials" variant="filled" autoContrast size={30} radius="xl" aria-hidden />
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name}
            </Text>
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
