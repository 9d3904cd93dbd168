/**
 * Value formats exactly as Jira writes them on the wire.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Jira's timestamp format: `2026-10-01T09:30:00.000+0000` (always UTC in the simulator). */
export function formatJiraDateTime(iso: string | Date): string {
  // Fast path for what toISOString() writes ("2026-10-01T09:30:00.000Z"): no Date parsing.
  if (typeof iso === 'string' && iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */) {
    return `${iso.slice(0, 23)}+0000`;
  }
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/**
 * Jira's duration strings in timetracking ("1w 2d 3h 30m"), with its defaults of
 * 8-hour days and 5-day weeks.
 */
export function formatJiraDuration(seconds: number): string {
  const minutesTotal = Math.floor(seconds / 60);
  const weeks = Math.floor(minutesTotal / (5 * 8 * 60));
  const days = Math.floor((minutesTotal % (5 * 8 * 60)) / (8 * 60));
  const hours = Math.floor((minutesTotal % (8 * 60)) / 60);
  const minutes = minutesTotal % 60;
  const parts: string[] = [];
  if (weeks) parts.push(`${weeks}w`);
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  return parts.length > 0 ? parts.join(' ') : '0m';
}

/** Atlassian Document Format for a plain-text description (REST v3 on Cloud). */
export function toAdf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split(/\n{2,}/).map((paragraph) => ({
      type: 'paragraph',
      content: paragraph.length > 0 ? [{ type: 'text', text: paragraph }] : [],
    })),
  };
}
