import { Alert, Button, Center, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe, useSetupStatus } from '../api/auth';
import { LoginPage } from '../pages/LoginPage';
import { SetupPage } from '../pages/SetupPage';
import { CurrentUserContext } from './CurrentUser';
import { PageLoader } from './PageLoader';

/**
 * Decides what a visitor sees: the first-run set-up page while no user exists, the login page
 * while nobody is signed in, and the app itself otherwise (at whatever URL they asked for).
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const setup = useSetupStatus();
  const me = useMe();

  if (setup.isPending || me.isPending) return <PageLoader />;
  const failure = setup.error ?? me.error;
  if (failure) {
    return (
      <Center h="80vh" p="md">
        <Stack maw={440}>
          <Alert color="red" title="Pacer could not start">
            {failure.message}
          </Alert>
          <Button
            variant="default"
            onClick={() => {
              void setup.refetch();
              void me.refetch();
            }}
          >
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!setup.data || me.data === undefined) return <PageLoader />;
  if (setup.data.needed) return <SetupPage />;
  if (me.data === null) return <LoginPage />;
  return <CurrentUserContext.Provider value={me.data}>{children}</CurrentUserContext.Provider>;
}
