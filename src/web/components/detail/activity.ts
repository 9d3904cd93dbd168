/**
 * An item's activity in words, one line per sync run, check-in or comment, newest first:
 * "AE-797 added — 30% → 27%", "3 issues done — 27% → 45%", "JQL edited by Dana — 30% → 27%".
 */
import type { SyncRun, SyncTrigger } from '../../api/linkTypes';
import type { CheckIn, Comment } from '../../api/types';
import { percentText } from '../format';
import { changeWhy } from './forecast-text';

export interface ActivityLine {
  id: string;
  at: string;
  kind: 'sync' | 'failed' | 'check-in' | 'comment';
  text: string;
  /** Who or what caused it, e.g. "Manual refresh · 2 Jira requests". */
  detail: string;
  note?: string;
}

const TRIGGER_WORDS: Record<SyncTrigger, string> = {
  created: 'Linked',
  edited: 'Link edited',
  manual: 'Manual refresh',
  schedule: 'Scheduled sync',
  webhook: 'Jira webhook',
};

/** Names up to two keys ("AE-797 added", "AE-797 and AE-798 added"), counts more ("5 issues added"). */
function keysText(keys: string[], verb: string): string | null {
  if (keys.length === 0) return null;
  if (keys.length === 1) return `${keys[0]} ${verb}`;
  if (keys.length === 2) return `${keys[0]} and ${keys[1]} ${verb}`;
  return `${keys.length} issues ${verb}`;
}

function progressChange(before: number | null, after: number | null): string {
  if (before === after) return percentText(after);
  if (before === null) return percentText(after);
  return `${percentText(before)} → ${percentText(after)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function runLine(run: SyncRun): ActivityLine {
  const requests = plural(run.jiraRequests, 'Jira request');
  const detail = `${TRIGGER_WORDS[run.trigger]} · ${requests}`;
  if (run.outcome === 'failed') {
    const message = run.error?.message ?? 'Jira could not be reached.';
    return { id: run.id, at: run.finishedAt, kind: 'failed', text: `Sync failed: ${message}`, detail: `${detail} · last good progress kept` };
  }
  // The first sync "adds" every matching issue; listing them says nothing, the counts below do.
  const changes =
    run.trigger === 'created'
      ? []
      : [
          keysText(run.addedKeys, 'added'),
          keysText(run.newlyDoneKeys, 'done'),
          keysText(run.removedKeys, 'removed'),
          keysText(run.reopenedKeys, 'reopened'),
        ].filter((part): part is string => part !== null);
  // Creating and editing say who did it; the issue changes follow.
  const what = [run.note && (run.trigger === 'created' || run.trigger === 'edited') ? run.note : null, ...changes].filter(Boolean).join(', ');
  const text = `${what || 'No change'} — ${progressChange(run.progressBefore, run.progressAfter)}`;
  const counts = run.total === null ? '' : ` · ${run.done ?? 0} of ${plural(run.total, 'issue')} done`;
  const why = droppedWhy(run);
  return { id: run.id, at: run.finishedAt, kind: 'sync', text, detail: `${detail}${counts}`, ...(why ? { note: why } : {}) };
}

/**
 * A sync that lowered progress says why in counts ("Fell 30% → 27%: 1 issue added, none
 * completed"), so a drop from added work is told apart from slow delivery. Creating and editing a
 * link say their own reason (the new query), so only syncs of an unchanged link get it.
 */
function droppedWhy(run: SyncRun): string | null {
  if (run.trigger === 'created' || run.trigger === 'edited') return null;
  if (run.progressBefore === null || run.progressAfter === null || run.progressAfter >= run.progressBefore) return null;
  const why = changeWhy({
    added: run.addedKeys.length,
    removed: run.removedKeys.length,
    completed: run.newlyDoneKeys.length,
    reopened: run.reopenedKeys.length,
  });
  return `Fell ${percentText(run.progressBefore)} → ${percentText(run.progressAfter)}: ${why}`;
}

export function checkInLine(checkIn: CheckIn, valueText: (value: number) => string): ActivityLine {
  return {
    id: checkIn.id,
    at: checkIn.createdAt,
    kind: 'check-in',
    text: `Checked in ${valueText(checkIn.value)}`,
    detail: `Check-in by ${checkIn.author.name}`,
    ...(checkIn.note ? { note: checkIn.note } : {}),
  };
}

/** A comment's text is shown as plain text (React escapes it); the import already reduced HTML to text. */
export function commentLine(comment: Comment): ActivityLine {
  return {
    id: comment.id,
    at: comment.createdAt,
    kind: 'comment',
    text: comment.author ? `${comment.author.name} commented` : 'Comment',
    detail: comment.author ? `Comment by ${comment.author.name}` : 'Comment by someone this Pacer does not know',
    note: comment.text,
  };
}

/** Runs, check-ins and comments together, newest first. */
export function activityLines(runs: SyncRun[], checkIns: CheckIn[], valueText: (value: number) => string, comments: Comment[] = []): ActivityLine[] {
  const lines = [...runs.map(runLine), ...checkIns.map((checkIn) => checkInLine(checkIn, valueText)), ...comments.map(commentLine)];
  return lines.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
