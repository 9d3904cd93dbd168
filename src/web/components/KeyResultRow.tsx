import { IconArrowRight, IconMessagePlus, IconPencil, IconTrash } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { Link, useNavigate } from 'react-router';
import type { KeyResult } from '../api/types';
import type { OkrActions } from './OkrActions';
import classes from './OkrRow.module.css';
import { OwnerLabel } from './OwnerLabel';
import { JiraRowControls, syncErrorText, syncedAgo } from './integration/JiraRowControls';
import { RowMenu, type RowMenuItem } from './RowMenu';
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
  const navigate = useNavigate();
  const { integration } = keyResult;
  const path = `/key-results/${keyResult.id}`;
  // Only its owner, its objective's owner and admins may change it: others get Open alone.
  const changes: RowMenuItem[] = [
    // Progress follows Jira while linked, so there is nothing to check in by hand.
    ...(integration ? [] : [{ label: 'Check in', icon: <IconMessagePlus size={14} />, onClick: () => actions.checkInKeyResult(keyResult) }]),
    { label: 'Edit', icon: <IconPencil size={14} />, onClick: () => actions.editKeyResult(keyResult) },
    { label: 'Delete', icon: <IconTrash size={14} />, onClick: () => actions.deleteKeyResult(keyResult), danger: true },
  ];
  const menuItems: RowMenuItem[] = [
    { label: 'Open', icon: <IconArrowRight size={14} />, onClick: () => navigate(path) },
    ...(keyResult.canEdit ? changes : []),
  ];
  return (
    <article
      aria-label={keyResult.title}
      className={`${classes.row} ${classes.keyResult}`}
      style={{ '--row-depth': depth } as CSSProperties}
    >
      <div className={classes.lead}>
        <span className={classes.krMark} aria-hidden>
          KR
        </span>
      </div>
      <div className={classes.main}>
        <Link to={path} className={`${classes.titleLink} ${classes.keyResultLink}`} title="Open its details, issues and history">
          {keyResult.title}
        </Link>
        <StatusLine
          status={keyResult.status}
          expectedProgress={keyResult.expectedProgress}
          // Jira keeps the current value up to date, so "19 of 20 bugs" stays the clearest summary.
          extra={integration ? `${keyResultValueText(keyResult)} · ${syncedAgo(integration)}` : keyResultValueText(keyResult)}
          error={syncErrorText(integration)}
        />
      </div>
      <div className={classes.owner}>
        <OwnerLabel owner={keyResult.owner} />
      </div>
      <StatusProgress subject={keyResult.title} progress={keyResult.progress} status={keyResult.status} size="sm" />
      <div className={classes.jira}>
        {integration && <JiraRowControls owner={{ kind: 'keyResult', id: keyResult.id }} integration={integration} canRefresh={keyResult.canEdit} />}
      </div>
      <div className={classes.menu}>
        <RowMenu subject={keyResult.title} items={menuItems} />
      </div>
    </article>
  );
}
