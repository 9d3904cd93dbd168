import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useCurrentUser } from '../../components/CurrentUser';

/** Members who follow a link to an admin page get a plain explanation instead of a broken page. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (user.role !== 'admin') {
    return (
      <Alert color="yellow" title="Admins only">
        This page is for Pacer admins. Ask an admin if you need something changed here.
      </Alert>
    );
  }
  return children;
}
