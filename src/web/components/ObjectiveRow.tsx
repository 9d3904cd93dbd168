import { ActionIcon, Badge, Button } from '@mantine/core';
import { IconArrowRight, IconChevronDown, IconChevronRight, IconHierarchy2, IconMessagePlus, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useId, type CSSProperties } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Objective } from '../api/types';
import { JiraRowControls, syncErrorText, syncText } from './integration/JiraRowControls';
import type { Openness } from './okrListRows';
import type { OkrActions } from './OkrActions';
import classes from './OkrRow.module.css';
import { OwnerLabel } from './OwnerLabel';
import type { RowMenuItem } from './RowMenu';
import { RowMenu } from './RowMenu';
import { StatusLine, StatusProgress } from './StatusProgress';

function summary(objective: Objective, childCount: number): string {
  const parts: string[] = [];
  if (objective.integration) parts.push(syncText(objective.integration));
  else if (objective.progressMode === 'manual') parts.push('set by check-ins');
  else parts.push(objective.keyResults.length === 1 ? '1 key result' : `${objective.keyResults.length} key results`);
  if (childCount > 0) parts.push(childCount === 1 ? '1 aligned objective' : `${childCount} aligned objectives`);
  return parts.join(' · ');
}

/**
 * One objective's line. Its key results and aligned objectives are lines of their own (the list is
 * flat so that only the lines in view are drawn), so this row only reports its toggle.
 */
export function ObjectiveRow({
  objective,
  childCount,
  depth,
  openness,
  hasContent,
  onToggle,
  actions,
}: {
  objective: Objective;
  childCount: number;
  depth: number;
  openness: Openness;
  hasContent: boolean;
  onToggle: () => void;
  actions: OkrActions;
}) {
  const navigate = useNavigate();
  const expanded = openness === 'open';
  const titleId = useId();
  const manual = objective.progressMode === 'manual';
  const linked = objective.integration !== null;
  const path = `/objectives/${objective.id}`;

  const checkIn: RowMenuItem = { label: 'Check in', icon: <IconMessagePlus size={14} />, onClick: () => actions.checkInObjective(objective) };
  const addKeyResult: RowMenuItem = { label: 'Add key result', icon: <IconPlus size={14} />, onClick: () => actions.addKeyResult(objective) };
  // Progress follows Jira while linked, so there is nothing to check in by hand (key results may still measure it).
  const progressItems = manual ? (linked ? [] : [checkIn]) : [addKeyResult];
  // Only its owner and admins may change it (the server refuses the rest): offer others only what they may do.
  const { canEdit } = objective;
  const edit: RowMenuItem = { label: 'Edit', icon: <IconPencil size={14} />, onClick: () => actions.editObjective(objective) };
  const remove: RowMenuItem = { label: 'Delete', icon: <IconTrash size={14} />, onClick: () => actions.deleteObjective(objective), danger: true };
  const menuItems: RowMenuItem[] = [
    { label: 'Open', icon: <IconArrowRight size={14} />, onClick: () => navigate(path) },
    ...(canEdit ? [edit, ...progressItems] : []),
    // Anyone may create objectives, aligned under any other.
    { label: 'Add aligned objective', icon: <IconHierarchy2 size={14} />, onClick: () => actions.addChildObjective(objective) },
    ...(canEdit ? [remove] : []),
  ];

  return (
    <article aria-labelledby={titleId} className={`${classes.row} ${classes.objective}`} style={{ '--row-depth': depth } as CSSProperties}>
      <div className={classes.lead}>
        {hasContent && (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${objective.title}`}
            aria-expanded={expanded}
            onClick={onToggle}
          >
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        )}
      </div>
      <div className={classes.main}>
        <div className={classes.inline}>
          <h2 id={titleId} className={classes.title}>
            <Link to={path} className={classes.titleLink} title="Open its details, issues and history">
              {objective.title}
            </Link>
          </h2>
          {manual && !linked && (
            <Badge size="xs" variant="outline" color="gray" className={classes.overLink}>
              Manual
            </Badge>
          )}
        </div>
        <StatusLine
          status={objective.status}
          expectedProgress={objective.expectedProgress}
          extra={summary(objective, childCount)}
          error={syncErrorText(objective.integration)}
        />
      </div>
      <div className={classes.owner}>
        <OwnerLabel owner={objective.owner} />
      </div>
      <StatusProgress subject={objective.title} progress={objective.progress} status={objective.status} />
      <div className={classes.jira}>
        {objective.integration && <JiraRowControls owner={{ kind: 'objective', id: objective.id }} integration={objective.integration} canRefresh={canEdit} />}
      </div>
      <div className={classes.menu}>
        <RowMenu subject={objective.title} items={menuItems} />
      </div>
    </article>
  );
}

/** The line under an objective that measures itself by key results but has none yet. */
export function NoKeyResultsRow({ objective, depth, actions }: { objective: Objective; depth: number; actions: OkrActions }) {
  return (
    <div className={`${classes.row} ${classes.hintLine}`} style={{ '--row-depth': depth } as CSSProperties}>
      <div className={classes.lead} />
      <div className={`${classes.main} ${classes.hintRow}`}>
        <span className={classes.hint}>No key results yet. Progress comes from key results.</span>
        {objective.canEdit && (
          <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => actions.addKeyResult(objective)}>
            Add key result
          </Button>
        )}
      </div>
    </div>
  );
}
