/**
 * The two packed cells of a Viva Explorer export. "Aligned To (weight, Objective ID)" lists
 * parents as `Title(weight: 40%, Id: 123)`, several per cell; titles may hold parentheses, commas
 * and semicolons, so entries are found by their `(weight: …, Id: …)` tail, not by splitting.
 * "Checkins" packs entries as `Checkin Date: …; User: …; Note: …; Status: …; Current Value: 25%;
 * Activity Date: … UTC;`; a note may hold semicolons, so the note runs from its key to the last
 * trailing key of its entry.
 */
import type { VivaAlignment } from './viva-model';
import { parseWeight } from './viva-values';

export interface ExplorerAlignment extends VivaAlignment {
  title: string;
}

const ALIGNMENT_TAIL = /\(\s*weight\s*:\s*([^(),]*?)\s*,\s*id\s*:\s*([^()\s,;]+)\s*\)/gi;

/** The parents in an "Aligned To" cell; `unreadable` is true when text was left that names no parent. */
export function parseAlignedToCell(cell: string): { alignments: ExplorerAlignment[]; unreadable: boolean } {
  const alignments: ExplorerAlignment[] = [];
  let consumed = 0;
  for (const match of cell.matchAll(ALIGNMENT_TAIL)) {
    const title = cell
      .slice(consumed, match.index)
      .replace(/^[\s,;]+/, '')
      .trim();
    alignments.push({ externalId: match[2] ?? '', weight: parseWeight(match[1] ?? null), title });
    consumed = match.index + match[0].length;
  }
  if (alignments.length === 0) {
    // A parent written without a weight: `Title(Id: 123)` or `Id: 123`.
    for (const match of cell.matchAll(/\bid\s*:\s*([^()\s,;]+)/gi)) alignments.push({ externalId: match[1] ?? '', weight: null, title: '' });
    return { alignments, unreadable: alignments.length === 0 && cell.trim() !== '' };
  }
  return { alignments, unreadable: /[^\s,;]/.test(cell.slice(consumed)) };
}

export interface ExplorerCheckin {
  checkinDate: string;
  user: string;
  note: string;
  status: string;
  currentValue: string;
  activityDate: string;
}

type CheckinKey = 'user' | 'note' | 'status' | 'currentvalue' | 'activitydate';

const KEY = /;\s*(user|note|status|current\s*value|activity\s*date)\s*:/gi;

function entryFields(entry: string): ExplorerCheckin {
  const keys = [...entry.matchAll(KEY)].map((match) => ({
    key: (match[1] ?? '').toLowerCase().replace(/\s+/g, '') as CheckinKey,
    start: match.index,
    end: match.index + match[0].length,
  }));
  // User and Note: their first occurrence; the trailing keys: their last one after the note, so a note may say "Status:".
  const user = keys.find((key) => key.key === 'user');
  const note = keys.find((key) => key.key === 'note' && key.start >= (user?.end ?? 0));
  const after = note?.end ?? user?.end ?? 0;
  const status = keys.findLast((key) => key.key === 'status' && key.start >= after);
  const currentValue = keys.findLast((key) => key.key === 'currentvalue' && key.start >= (status?.end ?? after));
  const activityDate = keys.findLast((key) => key.key === 'activitydate' && key.start >= (currentValue?.end ?? status?.end ?? after));
  const chosen = [user, note, status, currentValue, activityDate].filter((key) => key !== undefined);
  const valueOf = (key: (typeof chosen)[number] | undefined): string => {
    if (!key) return '';
    const next = chosen.find((candidate) => candidate.start >= key.end);
    return entry
      .slice(key.end, next ? next.start : entry.length)
      .replace(/;\s*$/, '')
      .trim();
  };
  return {
    checkinDate: entry.slice(0, chosen[0]?.start ?? entry.length).replace(/;\s*$/, '').trim(),
    user: valueOf(user),
    note: valueOf(note),
    status: valueOf(status),
    currentValue: valueOf(currentValue),
    activityDate: valueOf(activityDate).replace(/\s*UTC$/i, ' UTC').trim(),
  };
}

/** The check-ins packed in a "Checkins" cell, in the order written. */
export function parseCheckinsCell(cell: string): ExplorerCheckin[] {
  const starts = [...cell.matchAll(/(?:^|;)\s*checkin\s*date\s*:/gi)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  return starts.map((start, index) => entryFields(cell.slice(start.end, starts[index + 1]?.start ?? cell.length)));
}
