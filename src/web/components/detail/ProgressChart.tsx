import { Box, Group, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { periodBounds } from '../../../core/expected';
import { expectedProgressCorners, expectedProgressWithMilestones, type Milestone } from '../../../core/milestones';
import type { Period } from '../../../core/types';
import { percentText } from '../format';
import type { HistoryPoint } from './history';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 14, bottom: 30 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const GRID = [0, 0.25, 0.5, 0.75, 1];

interface ProgressChartProps {
  period: Period;
  points: HistoryPoint[];
  now: number;
  /** The line's colour (the item's status colour). */
  color: string;
  /** Phased targets (a key result's in its unit, a manual objective's 0..1): the expected line runs through them. */
  milestones?: readonly Milestone[];
  /** What milestone values are measured from and towards; 0..1 when absent (a manual objective). */
  range?: { startValue: number; targetValue: number };
}

const FRACTION_RANGE = { startValue: 0, targetValue: 1 };
const NO_MILESTONES: readonly Milestone[] = [];

/**
 * Actual progress over the period (steps: progress holds until the next sync or check-in) against
 * the expected line: straight from 0% at the start to 100% at the end, or, with milestones, bending
 * at each one (src/core/milestones.ts, the same figures the status uses). Plain SVG: no chart
 * library in the bundle for one small chart.
 */
export function ProgressChart({ period, points, now, color, milestones = NO_MILESTONES, range = FRACTION_RANGE }: ProgressChartProps) {
  const bounds = periodBounds(period);
  const from = bounds.start.getTime();
  const to = bounds.end.getTime();
  const x = (at: number) => PAD.left + (Math.min(Math.max(at, from), to) - from) / (to - from) * PLOT_W;
  const y = (progress: number) => PAD.top + (1 - Math.min(1, Math.max(0, progress))) * PLOT_H;

  const visible = points.filter((point) => point.at <= to);
  // Progress before the period counts from the period's start.
  let path = '';
  visible.forEach((point, index) => {
    const px = x(point.at);
    const py = y(point.progress);
    path += index === 0 ? `M${px},${py}` : ` H${px} V${py}`;
  });
  const latest = visible.at(-1);
  const expectedNow = expectedProgressWithMilestones(period, range, milestones, new Date(now));
  const expectedLine = expectedProgressCorners(period, range, milestones)
    .map((corner, index) => `${index === 0 ? 'M' : 'L'}${x(corner.at)},${y(corner.progress)}`)
    .join(' ');
  const phased = milestones.length > 0;
  const showToday = now >= from && now <= to;
  const middle = from + (to - from) / 2;
  const summary = latest
    ? `Progress over the period: ${percentText(latest.progress)} now against ${percentText(expectedNow)} expected.`
    : 'No progress recorded in this period yet.';

  return (
    <Box>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={summary} style={{ display: 'block', maxHeight: 320 }}>
        {GRID.map((level) => (
          <g key={level}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(level)} y2={y(level)} stroke="var(--mantine-color-gray-3)" strokeWidth={1} />
            <text x={PAD.left - 8} y={y(level) + 4} textAnchor="end" fontSize={11} fill="var(--mantine-color-gray-6)">
              {percentText(level)}
            </text>
          </g>
        ))}
        {[from, middle, to - 1].map((at, index) => (
          <text
            key={at}
            x={x(at)}
            y={HEIGHT - 10}
            textAnchor={index === 0 ? 'start' : index === 2 ? 'end' : 'middle'}
            fontSize={11}
            fill="var(--mantine-color-gray-6)"
          >
            {dayjs(at).format('D MMM')}
          </text>
        ))}
        <path d={expectedLine} fill="none" stroke="var(--mantine-color-gray-5)" strokeWidth={2} strokeDasharray="6 5" />
        {showToday && (
          <g>
            <line x1={x(now)} x2={x(now)} y1={PAD.top} y2={PAD.top + PLOT_H} stroke="var(--mantine-color-gray-4)" strokeWidth={1} />
            <text x={x(now) + 4} y={PAD.top + 10} fontSize={11} fill="var(--mantine-color-gray-6)">
              today
            </text>
          </g>
        )}
        {path && <path d={path} fill="none" stroke={color} strokeWidth={2.5} strokeLinejoin="round" />}
        {visible
          .filter((point) => point.source !== 'now')
          .map((point) => (
            <circle key={`${point.at}-${point.source}`} cx={x(point.at)} cy={y(point.progress)} r={3.5} fill="white" stroke={color} strokeWidth={2}>
              <title>{`${dayjs(point.at).format('D MMM, HH:mm')}: ${percentText(point.progress)} (${point.source === 'sync' ? 'Jira sync' : 'check-in'})`}</title>
            </circle>
          ))}
      </svg>
      <Group gap="lg" mt={4} justify="center">
        <Group gap={6}>
          <Box w={18} h={3} bg={color} style={{ borderRadius: 2 }} aria-hidden />
          <Text size="xs" c="dimmed">
            Actual progress
          </Text>
        </Group>
        <Group gap={6}>
          <Box w={18} h={0} style={{ borderTop: '2px dashed var(--mantine-color-gray-5)' }} aria-hidden />
          <Text size="xs" c="dimmed">
            {phased ? 'Expected (milestones)' : 'Expected (even pace)'}
          </Text>
        </Group>
      </Group>
    </Box>
  );
}
