import { Progress } from '@mantine/core';
import type { Status } from '../api/types';
import { STATUS_COLOR, STATUS_LABEL, STATUS_TEXT_COLOR, percentText } from './format';
import classes from './OkrRow.module.css';

interface StatusProgressProps {
  /** What the bar measures, so a screen reader hears "Grow revenue: progress 30%". */
  subject: string;
  progress: number | null;
  status: Status;
  size?: 'sm' | 'md' | 'lg';
}

/** A progress bar coloured by status, with the percentage written beside it. */
export function StatusProgress({ subject, progress, status, size = 'md' }: StatusProgressProps) {
  const percent = percentText(progress);
  const value = progress === null ? 0 : Math.min(100, Math.max(0, progress * 100));
  return (
    <div className={classes.progressCell}>
      <Progress.Root size={size} radius="xl" style={{ flex: 1, width: '100%' }}>
        <Progress.Section
          value={value}
          color={STATUS_COLOR[status]}
          aria-label={progress === null ? `${subject}: no progress yet` : `${subject}: progress ${percent}`}
          data-status={status}
          title={`${percent} · ${STATUS_LABEL[status]}`}
        />
      </Progress.Root>
      <span className={classes.percent} data-testid="percent">
        {percent}
      </span>
    </div>
  );
}

/**
 * The quiet line under a row: the status in words (colour is never the only signal), what was
 * expected, extra facts, and a sync error in red (the last good progress stays on the bar).
 */
export function StatusLine({ status, expectedProgress, extra, error }: { status: Status; expectedProgress: number | null; extra?: string; error?: string }) {
  // The line is cut to one line in rows; hovering shows all of it (the error first, as it is the news).
  const whole = [STATUS_LABEL[status], expectedProgress !== null ? `expected ${percentText(expectedProgress)}` : null, error, extra]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className={classes.quietLine} title={whole}>
      <span
        className={classes.statusWord}
        style={{ color: STATUS_TEXT_COLOR[status] }}
        data-testid="status-word"
      >
        {STATUS_LABEL[status]}
      </span>
      {expectedProgress !== null && ` · expected ${percentText(expectedProgress)}`}
      {/* Before the extras, so a long line still shows it. */}
      {error && (
        <span className={classes.syncError} data-testid="sync-error">
          {' · '}
          {error}
        </span>
      )}
      {extra && ` · ${extra}`}
    </div>
  );
}
