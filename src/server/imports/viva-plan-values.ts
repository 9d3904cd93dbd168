/**
 * Value conversions of the plan: Viva numbers into Pacer's terms. An objective's progress and its
 * milestones are fractions 0..1 (Viva writes percent, or a metric between its start and target);
 * a key result keeps its unit. Milestones keep only what Pacer accepts: dates inside the item's
 * period, strictly increasing, at most MILESTONE_LIMIT.
 */
import type { ImportNotes } from './import-notes';
import type { PlannedMilestone } from './viva-import-plan-types';
import type { VivaCheckin, VivaObjective, VivaPhasedTarget } from './viva-model';

export const MILESTONE_LIMIT = 120;

/** A Viva value of `objective` as a fraction 0..1: metric outcomes between start and target, otherwise percent. */
export function objectiveFraction(objective: VivaObjective, value: number, notes: ImportNotes): number {
  const outcome = objective.outcome;
  const metric = outcome?.type === 'metric' && outcome.start !== null && outcome.target !== null && outcome.target !== outcome.start;
  const fraction = metric ? (value - (outcome.start ?? 0)) / ((outcome.target ?? 0) - (outcome.start ?? 0)) : value / 100;
  if (fraction < 0 || fraction > 1) notes.warn('An objective value outside 0–100 % was brought into that range (Pacer objectives run from 0 to 100 %)');
  return Math.min(1, Math.max(0, fraction));
}

/** Phased targets as milestones inside [start, end], strictly increasing by date (a repeated date keeps the last value). */
export function milestonesOf(
  targets: VivaPhasedTarget[],
  period: { start: string; end: string },
  convert: (value: number) => number,
  what: string,
  notes: ImportNotes,
): PlannedMilestone[] {
  const byDate = new Map<string, number>();
  for (const target of targets) {
    if (target.date < period.start || target.date > period.end) {
      notes.warn(`${what}: a phased target dated outside its period (${period.start} to ${period.end}) was left out`);
      continue;
    }
    byDate.set(target.date, convert(target.value));
  }
  const milestones = [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, value]) => ({ date, value }));
  if (milestones.length > MILESTONE_LIMIT) notes.warn(`${what}: only the first ${MILESTONE_LIMIT} phased targets were kept`);
  return milestones.slice(0, MILESTONE_LIMIT);
}

/** The last check-in with a value, by date. */
export function lastValuedCheckin(checkins: VivaCheckin[] | undefined): VivaCheckin | null {
  let last: VivaCheckin | null = null;
  for (const checkin of checkins ?? []) {
    if (checkin.value !== null && (!last || checkin.date >= last.date)) last = checkin;
  }
  return last;
}

/** Text cut to `max` characters, with a warning naming what was cut. */
export function capped(text: string, max: number, what: string, notes: ImportNotes): string {
  if (text.length <= max) return text;
  notes.warn(`A ${what} longer than ${max} characters was cut to fit Pacer`);
  return text.slice(0, max);
}
