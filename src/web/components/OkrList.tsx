import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent } from 'react';
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

/** Where a line of `kind` is expected to end before it is measured (desktop heights; phones measure taller). */
function estimatedHeight(row: OkrListRow | undefined): number {
  return row?.kind === 'objective' ? 62 : 54;
}

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

  const toggle = (objective: Objective, current: Openness) =>
    setOpenness((previous) => new Map(previous).set(objective.id, current === 'open' ? 'closed' : 'open'));

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
            {row.kind === 'objective' ? (
              <ObjectiveRow
                objective={row.objective}
                childCount={row.childCount}
                depth={row.depth}
                openness={row.openness}
                hasContent={row.hasContent}
                onToggle={() => toggle(row.objective, row.openness)}
                actions={actions}
              />
            ) : row.kind === 'keyResult' ? (
              <KeyResultRow keyResult={row.keyResult} depth={row.depth} actions={actions} />
            ) : (
              <NoKeyResultsRow objective={row.objective} depth={row.depth} actions={actions} />
            )}
          </div>
        );
      })}
    </section>
  );
}
