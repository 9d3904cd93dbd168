import { Box, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId } from 'react';
import { daysBetween } from '../../../core/insight-dates';
import { formatNumber } from '../format';
import type { BurnUp, DayValue } from './burnup';
import { shortDate } from './forecast-text';

const HEIGHT = 280;
const PAD = { left: 48, right: 20, top: 16, bottom: 34 };
const SCOPE_COLOR = 'var(--mantine-color-gray-7)';
const EXPECTED_COLOR = 'var(--mantine-color-gray-5)';
const TEXT_COLOR = 'var(--mantine-color-gray-7)';

interface BurnUpChartProps {
  chart: BurnUp;
  /** 'YYYY-MM-DD': where the "today" marker goes. */
  today: string;
  /** The done line's colour (the item's status colour). */
  color: string;
  /** The chart's text alternative (burnUpSummary). */
  summary: string;
}

function Swatch({ color, dash, fill }: { color: string; dash?: string; fill?: boolean }) {
  return (
    <svg width={22} height={10} aria-hidden style={{ flex: 'none' }}>
      {fill ? (
        <rect x={0} y={1} width={22} height={8} fill={color} fillOpacity={0.18} />
      ) : (
        <line x1={0} x2={22} y1={5} y2={5} stroke={color} strokeWidth={dash ? 2 : 2.5} strokeDasharray={dash} />
      )}
    </svg>
  );
}

/**
 * The burn-up: scope and done per day, the expected line, and the forecast dashed from today to
 * the finish date over the optimistic–pessimistic range. Plain SVG drawn at the box's own width,
 * so labels stay legible on a phone. The SVG has the summary as its name; each line has a
 * data-testid and a <title> for those who hover.
 */
export function BurnUpChart({ chart, today, color, summary }: BurnUpChartProps) {
  const { ref, width: measured } = useElementSize();
  const clipId = useId();
  const width = measured > 0 ? Math.round(measured) : 720;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, daysBetween(chart.from, chart.to));
  const x = (date: string) => PAD.left + (daysBetween(chart.from, date) / span) * plotW;
  const y = (value: number) => PAD.top + (1 - value / chart.yMax) * plotH;
  const point = (p: DayValue) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`;
  // One point per day, joined straight: a day's value is where it stood at the end of that day.
  const line = (points: DayValue[]) => (points.length === 0 ? '' : `M${points.map(point).join(' L')}`);
  const narrow = width < 520;
  const showToday = today >= chart.from && today <= chart.to;
  const periodEnd = chart.expected[1].date;
  const xTicks = narrow ? [chart.from, periodEnd] : [chart.from, periodEnd, ...(chart.to > periodEnd ? [chart.to] : [])];
  const single = chart.done.length === 1;

  return (
    <Box ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label={summary}
        data-testid="burnup-chart"
        style={{ display: 'block' }}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={PAD.left} y={PAD.top - 2} width={plotW + 2} height={plotH + 4} />
          </clipPath>
        </defs>
        {chart.yTicks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} stroke="var(--mantine-color-gray-3)" strokeWidth={1} />
            <text x={PAD.left - 8} y={y(tick) + 4} textAnchor="end" fontSize={11} fill={TEXT_COLOR}>
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {xTicks.map((date, index) => (
          <text
            key={`${date}-${index}`}
            x={x(date)}
            y={HEIGHT - 12}
            textAnchor={index === 0 ? 'start' : index === xTicks.length - 1 ? 'end' : 'middle'}
            fontSize={11}
            fill={TEXT_COLOR}
          >
            {shortDate(date, today)}
          </text>
        ))}
        {chart.to > periodEnd && (
          <g>
            <line x1={x(periodEnd)} x2={x(periodEnd)} y1={PAD.top} y2={PAD.top + plotH} stroke="var(--mantine-color-gray-5)" strokeWidth={1} />
            {/* Beside "today" there is no room for the word; the date under the line says it. */}
            {(!showToday || Math.abs(x(periodEnd) - x(today)) > 48) && (
              <text x={x(periodEnd) - 4} y={PAD.top + 10} textAnchor="end" fontSize={11} fill={TEXT_COLOR}>
                end
              </text>
            )}
          </g>
        )}
        {showToday && (
          <g>
            <line x1={x(today)} x2={x(today)} y1={PAD.top} y2={PAD.top + plotH} stroke="var(--mantine-color-gray-4)" strokeWidth={1} />
            <text x={x(today) + 4} y={PAD.top + 10} fontSize={11} fill={TEXT_COLOR}>
              today
            </text>
          </g>
        )}
        <g clipPath={`url(#${clipId})`}>
          {chart.range && (
            <path d={`${line(chart.range)} Z`} fill={color} fillOpacity={0.16} stroke="none" data-testid="burnup-range">
              <title>Range of the forecast: fastest to slowest weekly pace</title>
            </path>
          )}
          {chart.target !== null && (
            <line
              x1={PAD.left}
              x2={width - PAD.right}
              y1={y(chart.target)}
              y2={y(chart.target)}
              stroke={SCOPE_COLOR}
              strokeWidth={1.5}
              strokeDasharray="2 3"
              data-testid="burnup-target"
            >
              <title>{`Target: ${formatNumber(chart.target)}`}</title>
            </line>
          )}
          <path d={line(chart.expected)} fill="none" stroke={EXPECTED_COLOR} strokeWidth={2} strokeDasharray="7 5" data-testid="burnup-expected">
            <title>Expected at an even pace</title>
          </path>
          <path d={line(chart.scope)} fill="none" stroke={SCOPE_COLOR} strokeWidth={2} strokeLinejoin="round" data-testid="burnup-scope">
            <title>Scope: what the query matched each day</title>
          </path>
          {chart.scopeForecast && (
            <path d={line(chart.scopeForecast)} fill="none" stroke={SCOPE_COLOR} strokeWidth={1.5} strokeDasharray="3 4" data-testid="burnup-scope-forecast">
              <title>Scope growing at its recent pace</title>
            </path>
          )}
          <path d={line(chart.done)} fill="none" stroke={color} strokeWidth={2.75} strokeLinejoin="round" data-testid="burnup-done">
            <title>Done each day</title>
          </path>
          {single && chart.done[0] && <circle cx={x(chart.done[0].date)} cy={y(chart.done[0].value)} r={3.5} fill={color} />}
          {chart.forecast && (
            <path d={line(chart.forecast.line)} fill="none" stroke={color} strokeWidth={2.25} strokeDasharray="5 4" data-testid="burnup-forecast">
              <title>{`Forecast: done around ${shortDate(chart.forecast.finishDate, today)}`}</title>
            </path>
          )}
        </g>
        {chart.forecast && !chart.forecast.clipped && (
          <g>
            <circle cx={x(chart.forecast.line[1].date)} cy={y(chart.forecast.line[1].value)} r={4} fill="white" stroke={color} strokeWidth={2} />
            <text
              x={x(chart.forecast.line[1].date) - 6}
              y={y(chart.forecast.line[1].value) - 8}
              textAnchor="end"
              fontSize={11}
              fontWeight={600}
              fill={TEXT_COLOR}
            >
              {`≈ ${shortDate(chart.forecast.finishDate, today)}`}
            </text>
          </g>
        )}
        {chart.forecast?.clipped && (
          <text x={width - PAD.right} y={y(chart.forecast.line[1].value) - 8} textAnchor="end" fontSize={11} fontWeight={600} fill={TEXT_COLOR}>
            {`→ ${shortDate(chart.forecast.finishDate, today)}`}
          </text>
        )}
      </svg>
      <Group gap="md" mt={6} justify="center" data-testid="burnup-legend">
        <Group gap={6} wrap="nowrap">
          <Swatch color={SCOPE_COLOR} />
          <Text size="xs" c="dimmed">
            Scope
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Swatch color={color} />
          <Text size="xs" c="dimmed">
            Done
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Swatch color={EXPECTED_COLOR} dash="7 5" />
          <Text size="xs" c="dimmed">
            Expected (even pace)
          </Text>
        </Group>
        {chart.target !== null && (
          <Group gap={6} wrap="nowrap">
            <Swatch color={SCOPE_COLOR} dash="2 3" />
            <Text size="xs" c="dimmed">
              Target
            </Text>
          </Group>
        )}
        {chart.forecast && (
          <Group gap={6} wrap="nowrap">
            <Swatch color={color} dash="5 4" />
            <Text size="xs" c="dimmed">
              Forecast
            </Text>
          </Group>
        )}
        {chart.range && (
          <Group gap={6} wrap="nowrap">
            <Swatch color={color} fill />
            <Text size="xs" c="dimmed">
              Fastest to slowest week
            </Text>
          </Group>
        )}
      </Group>
    </Box>
  );
}
