import { Anchor, Box, Text } from '@mantine/core';
import { IconMessagePlus, IconPencil, IconTrash } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import type { KeyResult } from '../api/types';
import type { OkrActions } from './OkrActions';
import classes from './OkrRow.module.css';
import { OwnerLabel } from './OwnerLabel';
import { RowMenu } from './RowMenu';
import { StatusLine, StatusProgress } from './StatusProgress';
import { formatValue } from './format';

/** "3 of 10 customers" when counting up from zero, else "now 6.5% · 8% → 5%" so the direction is clear. */
export function keyResultValueText(kr: KeyResult): string {
  if (kr.startValue === 0 && kr.targetValue > 0) {
    return `${formatValue(kr.currentValue, '')} of ${formatValue(kr.targetValue, kr.unit)}`;
  }
  return `now ${formatValue(kr.currentValue, kr.unit)} · ${formatValue(kr.startValue, kr.unit)} → ${formatValue(kr.targetValue, kr.unit)}`;
}

export function KeyResultRow({ keyResult, depth, actions }: { keyResult: KeyResult; depth: number; actions: OkrActions }) {
  return (
    <Box
      component="article"
      aria-label={keyResult.title}
      className={`${classes.row} ${classes.keyResult}`}
      style={{ '--row-depth': depth } as CSSProperties}
    >
      <Text size="xs" fw={700} c="dimmed" ta="center" aria-hidden>
        KR
      </Text>
      <div>
        <Anchor
          component="button"
          type="button"
          size="sm"
          c="inherit"
          ta="left"
          lineClamp={1}
          title="Check in a new value"
          onClick={() => actions.checkInKeyResult(keyResult)}
        >
          {keyResult.title}
        </Anchor>
        <StatusLine status={keyResult.status} expectedProgress={keyResult.expectedProgress} extra={keyResultValueText(keyResult)} />
      </div>
      <div className={classes.owner}>
        <OwnerLabel owner={keyResult.owner} />
      </div>
      <StatusProgress subject={keyResult.title} progress={keyResult.progress} status={keyResult.status} size="sm" />
      <RowMenu
        subject={keyResult.title}
        items={[
          { label: 'Check in', icon: <IconMessagePlus size={14} />, onClick: () => actions.checkInKeyResult(keyResult) },
          { label: 'Edit', icon: <IconPencil size={14} />, onClick: () => actions.editKeyResult(keyResult) },
          { label: 'Delete', icon: <IconTrash size={14} />, onClick: () => actions.deleteKeyResult(keyResult), danger: true },
        ]}
      />
    </Box>
  );
}
