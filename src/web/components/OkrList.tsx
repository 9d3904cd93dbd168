import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent } from 'react';
import type { Objective } from '../api/types';
import { KeyResultRow } from './KeyResultRow';
import { NoKeyResultsRow, ObjectiveRow } from './ObjectiveRow';
import type { ObjectiveNode } from './objectiveTree';
import type { OkrActions } from './OkrActions';
import { flattenObjectiveTree, type OkrListRow, type Openness } from './okrListRows';
import classes from './OkrRow.module.css';

/**
 * Up to this many lines every line is drawn (the browser's find-in-page sees them all); above it only
 * the lines in view and a few either side are, which keeps a 500-objective cycle under a second.
 */
const DRAW_ALL_UP_TO = 150;
const OVERSCAN = 8;

function allIndexes(range: Range): number[] {
  return Array.from({ length: range.count }, (_, index) => index);
}

/**
 * Where a line of `kind` is expected to end before it is measured (desktop heights, 58.1 and 54.1 px
 * measured in Chromium; phones measure taller). Close estimates matter for the first paint: each
 * line that measures otherwise moves the lines below it and re-renders the list before the frame is
 * painted, and 62 px against the real 58 px cost four extra passes on a cold load of 500 objectives.
 */
function estimatedHeight(row: OkrListRow | undefined): number {
  return row?.kind === 'objective' ? 58 : 54;
}

type Toggle = (objective: Objective, current: Openness) => void;

/**
 * One line's content, memoised: the list re-renders several times before its first frame (its
 * offset on the page, then each measured line height moves the lines below), and only the slots'
 * positions change then; the rows themselves (Mantine progress bars and badges) are drawn once.
 * `row` objects keep their identity until the tree or a line's openness changes (okrListRows).
 */
const OkrListLine = memo(function OkrListLine({ row, actions, onToggle }: { row: OkrListRow; actions: OkrActions; onToggle: Toggle }) {
  if (row.kind === 'objective') {
    return (
      <ObjectiveRow
        objective={row.objective}
        childCount={row.childCount}
        depth={row.depth}
        openness={row.openness}
        hasContent={row.hasContent}
        onToggle={() => onToggle(row.objective, row.openness)}
        actions={actions}
      />
    );
  }
  if (row.kind === 'keyResult') return <KeyResultRow keyResult={row.keyResult} depth={row.depth} actions={actions} />;
  return <NoKeyResultsRow objective={row.objective} depth={row.depth} actions={actions} />;
});

/** The OKR list: objectives with their key results and aligned objectives, as lines drawn while in view. */
export function OkrList({ tree, actions, keyResultsFolded }: { tree: ObjectiveNode[]; actions: OkrActions; keyResultsFolded: boolean }) {
  const [openness, setOpenness] = useState<ReadonlyMap<string, Openness>>(new Map());
  const opennessOf = useCallback(
    (objective: Objective): Openness => openness.get(objective.id) ?? (keyResultsFolded && objective.keyResults.length > 0 ? 'folded' : 'open'),
    [openness, keyResultsFolded],
  );
  const rows = useMemo(() => flattenObjectiveTree(tree, opennessOf), [tree, opennessOf]);
  const listRef = useRef<HTMLElement>(null);
  const [listTop, setListTop] = useState(0);
  // The line holding keyboard focus stays drawn when scrolled away, so focus is never dropped to <body>.
  const focusedIndex = useRef<number | null>(null);
  const drawAll = rows.length <= DRAW_ALL_UP_TO;

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => estimatedHeight(rows[index]),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: OVERSCAN,
    scrollMargin: listTop,
    // Lines are drawn in the very first render, before the window has been measured.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    rangeExtractor: (range) => {
      if (drawAll) return allIndexes(range);
      const indexes = defaultRangeExtractor(range);
      const focused = focusedIndex.current;
      if (focused !== null && focused < range.count && !indexes.includes(focused)) return [...indexes, focused].sort((a, b) => a - b);
      return indexes;
    },
  });

  // What is above the list (title, search) may wrap differently on each width: measured when the
  // page's column changes size, not on every render (a forced layout per scroll frame cost ≈ 0.9 s
  // while paging through 500 objectives).
  useLayoutEffect(() => {
    const list = listRef.current;
    const column = list?.parentElement?.parentElement;
    if (!list || !column) return;
    const measure = () => setListTop(list.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(column);
    return () => observer.disconnect();
  }, []);

  const trackFocus = (event: FocusEvent<HTMLElement>) => {
    const slot = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    focusedIndex.current = slot ? Number(slot.dataset.index) : null;
  };
  const dropFocus = (event: FocusEvent<HTMLElement>) => {
    if (!(event.relatedTarget instanceof Node) || !event.currentTarget.contains(event.relatedTarget)) focusedIndex.current = null;
  };

  const toggle = useCallback<Toggle>(
    (objective, current) => setOpenness((previous) => new Map(previous).set(objective.id, current === 'open' ? 'closed' : 'open')),
    [],
  );

  return (
    <section
      ref={listRef}
      aria-label="Objectives"
      className={classes.lines}
      style={{ height: virtualizer.getTotalSize() }}
      data-objective-count={rows.filter((row) => row.kind === 'objective').length}
      onFocus={trackFocus}
      onBlur={dropFocus}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className={classes.slot}
            style={{ transform: `translateY(${item.start - listTop}px)` } as CSSProperties}
          >
            <OkrListLine row={row} actions={actions} onToggle={toggle} />
          </div>
        );
      })}
    </section>
  );
}
