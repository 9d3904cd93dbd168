import { Avatar } from '@mantine/core';
import type { Person } from '../api/types';
import classes from './OkrRow.module.css';

export function OwnerLabel({ owner }: { owner: Person | null }) {
  if (!owner) return <span className={classes.noOwner}>No owner</span>;
  return (
    <div className={classes.inline}>
      <Avatar name={owner.name} color="initials" size={22} radius="xl" aria-hidden />
      <span className={classes.ownerName}>{owner.name}</span>
    </div>
  );
}
