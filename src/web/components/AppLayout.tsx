import { AppShell, Burger, Group, NavLink, Text, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustments, IconFileImport, IconPlug, IconTargetArrow, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { MAIN_CONTENT_ID } from '../focus-return';
import classes from './AppLayout.module.css';
import { useCurrentUser } from './CurrentUser';
import { UserMenu } from './UserMenu';

interface AppLayoutProps {
  /** Page-specific controls shown in the header (e.g. the cycle picker on the OKR page). */
  toolbar?: ReactNode;
  children: ReactNode;
}

/** The frame of every signed-in page: a skip link, left navigation, header with page controls and the user menu. */
export function AppLayout({ toolbar, children }: AppLayoutProps) {
  const [navOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { pathname } = useLocation();
  const user = useCurrentUser();

  // An objective's or key result's own page belongs to the OKRs.
  const section = /^\/(objectives|key-results)\//.test(pathname) ? '/okrs' : pathname;
  const navLink = (to: string, label: string, icon: ReactNode) => (
    <NavLink component={Link} to={to} label={label} leftSection={icon} active={section.startsWith(to)} onClick={closeNav} />
  );

  return (
    <AppShell
      layout="alt"
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="lg"
    >
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className={classes.skipLink}
        // Focus moves with the jump (a hash alone would only scroll), so the next Tab is inside the page.
        onClick={(event) => {
          event.preventDefault();
          document.getElementById(MAIN_CONTENT_ID)?.focus();
        }}
      >
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpen} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            {toolbar}
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Group gap="xs" px="xs" h={44} mb="xs">
          <ThemeIcon variant="light" radius="md" aria-hidden>
            <IconTargetArrow size={18} />
          </ThemeIcon>
          <Text fw={700} size="lg">
            Pacer
          </Text>
        </Group>
        {navLink('/okrs', 'OKRs', <IconTargetArrow size={16} stroke={1.5} />)}
        {user.role === 'admin' && (
          <>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
              Admin
            </Text>
            {navLink('/admin/users', 'Users', <IconUsers size={16} stroke={1.5} />)}
            {navLink('/admin/teams', 'Teams', <IconUsersGroup size={16} stroke={1.5} />)}
            {navLink('/admin/integrations', 'Integrations', <IconPlug size={16} stroke={1.5} />)}
            {navLink('/admin/import', 'Import and export', <IconFileImport size={16} stroke={1.5} />)}
            {navLink('/admin/settings', 'Settings', <IconAdjustments size={16} stroke={1.5} />)}
          </>
        )}
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0" id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
