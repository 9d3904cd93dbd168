import { ActionIcon, Badge, Button } from '@mantine/core';
import { IconArrowRight, IconChevronDown, IconChevronRight, IconHierarchy2, IconMessagePlus, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useId, useState, type CSSProperties } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Objective } from '../api/types';
import { JiraRowControls, syncErrorText, syncText } from './integration/JiraRowControls';
import { KeyResultRow } from './KeyResultRow';
import type { ObjectiveNode } from './objectiveTree';
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

/** An objective, its key results and the objectives aligned under it, indented by depth. */
export function ObjectiveRow({
  node,
  depth,
  actions,
  keyResultsFolded = false,
}: {
  node: ObjectiveNode;
  depth: number;
  actions: OkrActions;
  /** Start with key results hidden (large cycles); aligned objectives stay listed so none goes missing. */
  keyResultsFolded?: boolean;
}) {
  const { objective, children } = node;
  const navigate = useNavigate();
  // 'folded' hides only the key results; the toggle then opens everything, and collapsing hides everything, as before.
  const [openness, setOpenness] = useState<'open' | 'folded' | 'closed'>(
    keyResultsFolded && objective.keyResults.length > 0 ? 'folded' : 'open',
  );
  const expanded = openness === 'open';
  const titleId = useId();
  const manual = objective.progressMode === 'manual';
  const linked = objective.integration !== null;
  // A linked objective's progress is Jira's; it needs no key results, so none are asked for.
  const asksForKeyResults = !manual && !linked;
  const hasContent = objective.keyResults.length > 0 || children.length > 0 || asksForKeyResults;
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
    <article aria-labelledby={titleId}>
      <div className={`${classes.row} ${classes.objective}`} style={{ '--row-depth': depth } as CSSProperties}>
        {hasContent ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${objective.title}`}
            aria-expanded={expanded}
            onClick={() => setOpenness((current) => (current === 'open' ? 'closed' : 'open'))}
          >
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        ) : (
          <span />
        )}
        <div>
          <div className={classes.inline}>
            <h3 id={titleId} className={classes.title}>
              <Link to={path} className={classes.titleLink} title="Open its details, issues and history">
                {objective.title}
              </Link>
            </h3>
            {manual && !linked && (
              <Badge size="xs" variant="outline" color="gray">
                Manual
              </Badge>
            )}
          </div>
          <StatusLine
            status={objective.status}
            expectedProgress={objective.expectedProgress}
            extra={summary(objective, children.length)}
            error={syncErrorText(objective.integration)}
          />
        </div>
        <div className={classes.owner}>
          <OwnerLabel owner={objective.owner} />
        </div>
        <StatusProgress subject={objective.title} progress={objective.progress} status={objective.status} />
        {objective.integration ? <JiraRowControls owner={{ kind: 'objective', id: objective.id }} integration={objective.integration} canRefresh={canEdit} /> : <span />}
        <RowMenu subject={objective.title} items={menuItems} />
      </div>

      {expanded && (
        <>
          {objective.keyResults.map((kr) => (
            <KeyResultRow key={kr.id} keyResult={kr} depth={depth + 1} actions={actions} />
          ))}
          {asksForKeyResults && objective.keyResults.length === 0 && (
            <div className={classes.row} style={{ '--row-depth': depth + 1 } as CSSProperties}>
              <span />
              <div className={classes.hintRow}>
                <span className={classes.hint}>No key results yet. Progress comes from key results.</span>
                {canEdit && (
                  <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => actions.addKeyResult(objective)}>
                    Add key result
                  </Button>
                )}
              </div>
            </div>
          )}
        </>
      )}
      {openness !== 'closed' &&
        children.map((child) => (
          <ObjectiveRow key={child.objective.id} node={child} depth={depth + 1} actions={actions} keyResultsFolded={keyResultsFolded} />
        ))}
    </article>
  );
}
