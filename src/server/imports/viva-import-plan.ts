/**
 * planVivaImport: a parsed Viva export → the plan of what Pacer would create, pure data (no
 * database; what already exists is passed in). The mapping, documented in docs/IMPORT.md:
 * "Big rock" → objective (aligned to Big rocks → a child objective with those weights; "Update
 * from Children" → roll-up, "Update Manually" → manual with its last check-in); "Kpi"/"Project"
 * aligned to a Big rock → a key result of it (Metric: start, target, unit; Percentage: 0 → 100 %);
 * one aligned to no Big rock → an objective of its own holding that one key result; phased targets
 * → milestones; check-ins and comments → the item's history, those for unknown OKRs skipped.
 */
import { DESCRIPTION_MAX, NOTE_MAX, TITLE_MAX, UNIT_MAX } from '../../contract/fields';
import { ImportNotes } from './import-notes';
import type { ExistingPacerData, PlannedCheckin, PlannedComment, PlannedKeyResult, PlannedObjective, PlannedTarget, VivaImportPlan } from './viva-import-plan-types';
import type { VivaAlignment, VivaCheckin, VivaImportModel, VivaObjective } from './viva-model';
import { ExistingIndex, PlanDirectory } from './viva-plan-directory';
import { capped, lastValuedCheckin, milestonesOf, objectiveFraction } from './viva-plan-values';

const PARENT_LIMIT = 50;
const TEAM_LIMIT = 100;

interface Planning {
  model: VivaImportModel;
  directory: PlanDirectory;
  index: ExistingIndex;
  notes: ImportNotes;
  checkinsByOkr: Map<string, VivaCheckin[]>;
  itemsById: Map<string, VivaObjective>;
  /** Why an OKR id did not become a Pacer item, for its check-ins' and comments' skip reasons. */
  skippedOkrs: Map<string, string>;
}

function periodOf(objective: { startDate: string | null; endDate: string | null }, cycle: { startDate: string; endDate: string }) {
  return { start: objective.startDate ?? cycle.startDate, end: objective.endDate ?? cycle.endDate };
}

function owner(planning: Planning, objective: VivaObjective): string | null {
  const emails = objective.owners.map((person) => planning.directory.emailOf(person, `An owner of "${objective.title.slice(0, 80)}"`)).filter((email) => email !== null);
  if (emails.length > 1) planning.notes.warn('An item with several owners was given its first owner (Pacer items have one owner)');
  return emails[0] ?? null;
}

function planObjective(planning: Planning, objective: VivaObjective, cycleId: string, parents: VivaAlignment[], hasChildren: boolean): PlannedObjective {
  const { directory, notes } = planning;
  const cycle = directory.cycles.find((candidate) => candidate.externalId === cycleId);
  const mode = objective.progressMode === 'children' || (objective.progressMode === null && hasChildren) ? 'key_results' : 'manual';
  const last = lastValuedCheckin(planning.checkinsByOkr.get(objective.externalId));
  const viva = last?.value ?? objective.progress;
  const teams = [...new Set(objective.teams.map((team) => directory.teamIdOf(team)).filter((id) => id !== null))];
  if (teams.length > TEAM_LIMIT || parents.length > PARENT_LIMIT) notes.warn(`Objective ${objective.externalId}: only its first ${TEAM_LIMIT} teams and ${PARENT_LIMIT} parents were kept`);
  if (mode === 'key_results' && objective.kind === 'big-rock' && objective.phasedTargets.length > 0) notes.warn(`Objective ${objective.externalId}: phased targets of an objective that rolls up from its children were left out (Pacer keeps them on manual objectives and key results)`);
  return {
    externalId: objective.externalId,
    cycleExternalId: cycleId,
    title: capped(objective.title, TITLE_MAX, 'title', notes),
    description: capped(objective.description, DESCRIPTION_MAX, 'description', notes),
    ownerEmail: owner(planning, objective),
    teamExternalIds: teams.slice(0, TEAM_LIMIT),
    parents: parents.slice(0, PARENT_LIMIT).map(({ externalId, weight }) => ({ externalId, weight })),
    startDate: objective.startDate,
    endDate: objective.endDate,
    progressMode: mode,
    manualProgress: mode === 'manual' && viva !== null ? objectiveFraction(objective, viva, notes) : null,
    milestones:
      mode === 'manual' && cycle
        ? milestonesOf(objective.phasedTargets, periodOf(objective, cycle), (value) => objectiveFraction(objective, value, notes), `Objective ${objective.externalId}`, notes)
        : [],
    vivaStatus: objective.status,
    closed: objective.closed,
    closedAt: null,
    score: objective.score,
    createdAt: objective.createdAt,
    vivaKind: objective.kind,
    existingId: planning.index.idOf('objective', objective.externalId),
  };
}

function planKeyResult(planning: Planning, item: VivaObjective, externalId: string, objective: PlannedObjective, weight: number): PlannedKeyResult {
  const { notes } = planning;
  const outcome = item.outcome;
  const usableMetric = outcome?.type === 'metric' && outcome.target !== null && outcome.target !== (outcome.start ?? 0);
  if (outcome?.type === 'metric' && !usableMetric) notes.warn(`${item.kind === 'kpi' ? 'Kpi' : 'Project'} ${item.externalId}: its metric has no target different from its start, so it is imported as a percentage (0 → 100 %)`);
  const startValue = usableMetric ? (outcome.start ?? 0) : 0;
  const targetValue = usableMetric ? (outcome.target ?? 100) : 100;
  const last = lastValuedCheckin(planning.checkinsByOkr.get(item.externalId));
  const fromProgress = item.progress === null ? startValue : startValue + (item.progress / 100) * (targetValue - startValue);
  const cycle = planning.directory.cycles.find((candidate) => candidate.externalId === objective.cycleExternalId);
  return {
    externalId,
    objectiveExternalId: objective.externalId,
    title: capped(item.title, TITLE_MAX, 'title', notes),
    ownerEmail: owner(planning, item),
    kind: usableMetric ? 'metric' : 'percentage',
    startValue,
    targetValue,
    unit: capped(usableMetric ? (outcome.unit ?? outcome.metricName ?? '') : '%', UNIT_MAX, 'unit', notes),
    currentValue: last?.value ?? fromProgress,
    weight,
    milestones: cycle ? milestonesOf(item.phasedTargets, periodOf(objective, cycle), (value) => value, `Key result ${item.externalId}`, notes) : [],
    vivaStatus: item.status,
    closed: item.closed,
    closedAt: null,
    score: item.score,
    createdAt: item.createdAt,
    existingId: planning.index.idOf('keyResult', externalId),
  };
}

/** Key result weights: the alignment's percent; where none is set, an equal share (the mean of those set, or 1). */
function keyResultWeight(weight: number | null, siblings: (number | null)[], notes: ImportNotes): number {
  if (weight !== null && weight > 0) return weight;
  if (weight === 0) {
    notes.warn('A key result aligned with weight 0 % was given the smallest weight, 0.01 (Pacer weights are above 0)');
    return 0.01;
  }
  const set = siblings.filter((sibling): sibling is number => sibling !== null && sibling > 0);
  return set.length === 0 ? 1 : set.reduce((sum, value) => sum + value, 0) / set.length;
}

/** Drops alignments that would close a loop (A under B under A), which Pacer refuses. */
function cutAlignmentLoops(objectives: PlannedObjective[], notes: ImportNotes): void {
  const byId = new Map(objectives.map((objective) => [objective.externalId, objective]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (objective: PlannedObjective): void => {
    state.set(objective.externalId, 'visiting');
    objective.parents = objective.parents.filter((parent) => {
      if (state.get(parent.externalId) === 'visiting') {
        notes.warn(`Objective ${objective.externalId}: its alignment to ${parent.externalId} would make a loop and was left out`);
        return false;
      }
      const next = byId.get(parent.externalId);
      if (next && !state.has(next.externalId)) visit(next);
      return true;
    });
    state.set(objective.externalId, 'done');
  };
  // Depth is bounded by the number of objectives; exports hold thousands, well within the stack.
  for (const objective of objectives) if (!state.has(objective.externalId)) visit(objective);
}

function planItems(planning: Planning): { objectives: PlannedObjective[]; keyResults: PlannedKeyResult[]; targets: Map<string, PlannedTarget> } {
  const { model, directory, notes, skippedOkrs } = planning;
  const unique = new Map<string, VivaObjective>();
  for (const objective of model.objectives) {
    if (unique.has(objective.externalId)) notes.skip('objective', objective.externalId, 'the export lists this ID twice; the first is used');
    else unique.set(objective.externalId, objective);
  }
  const cycleOf = new Map<string, string>();
  // Big rocks first: a Kpi or Project without a period of its own takes the cycle of the Big rock it is aligned to.
  const bigRocksFirst = [...unique.values()].sort((a, b) => Number(b.kind === 'big-rock') - Number(a.kind === 'big-rock'));
  for (const objective of bigRocksFirst) {
    const parentCycle = objective.kind === 'big-rock' ? undefined : objective.alignments.map((alignment) => cycleOf.get(alignment.externalId)).find((id) => id !== undefined);
    const cycleId = directory.cycleIdOf(objective) ?? parentCycle;
    if (cycleId) cycleOf.set(objective.externalId, cycleId);
    else {
      const reason = 'its time period is not in the export (or could not be made a cycle) and its dates fit no one period';
      notes.skip('objective', objective.externalId, reason);
      skippedOkrs.set(objective.externalId, reason);
    }
  }
  const isBigRock = (id: string): boolean => unique.get(id)?.kind === 'big-rock' && cycleOf.has(id);
  const alignedTo = (item: VivaObjective): VivaAlignment[] =>
    item.alignments.filter((alignment) => {
      if (isBigRock(alignment.externalId)) return true;
      const why = !unique.has(alignment.externalId) ? 'is not in the export' : skippedOkrs.has(alignment.externalId) ? 'was skipped' : 'is not a Big rock (only objectives can be parents in Pacer)';
      notes.warn(`Item ${item.externalId}: its alignment to ${alignment.externalId} was left out because that item ${why}`);
      return false;
    });
  const items = [...unique.values()].filter((item) => cycleOf.has(item.externalId));
  const parentsOf = new Map(items.map((item) => [item.externalId, alignedTo(item)]));
  const hasChildren = new Set([...parentsOf.values()].flat().map((alignment) => alignment.externalId));
  const objectives: PlannedObjective[] = [];
  const targets = new Map<string, PlannedTarget>();
  for (const item of items) {
    const aligned = parentsOf.get(item.externalId) ?? [];
    // A Kpi or Project under no Big rock becomes an objective of its own holding it as its one key result.
    if (item.kind === 'big-rock' || aligned.length === 0) {
      const parents = item.kind === 'big-rock' ? aligned : [];
      objectives.push(planObjective(planning, item, cycleOf.get(item.externalId) ?? '', parents, hasChildren.has(item.externalId) || item.kind !== 'big-rock'));
      targets.set(item.externalId, item.kind === 'big-rock' ? { kind: 'objective', externalId: item.externalId } : { kind: 'keyResult', externalId: `${item.externalId}#kr` });
    }
  }
  const objectiveById = new Map(objectives.map((objective) => [objective.externalId, objective]));
  const siblingWeights = new Map<string, (number | null)[]>();
  for (const item of items) {
    const first = item.kind === 'big-rock' ? undefined : parentsOf.get(item.externalId)?.[0];
    if (!first) continue;
    const weights = siblingWeights.get(first.externalId) ?? [];
    weights.push(first.weight);
    siblingWeights.set(first.externalId, weights);
  }
  const keyResults: PlannedKeyResult[] = [];
  for (const item of items) {
    if (item.kind === 'big-rock') continue;
    const [first, ...others] = parentsOf.get(item.externalId) ?? [];
    const parent = first ? objectiveById.get(first.externalId) : objectiveById.get(item.externalId);
    if (!parent) continue;
    if (others.length > 0) notes.warn(`Item ${item.externalId} is aligned to several Big rocks; it becomes a key result of the first, ${parent.externalId} (a key result belongs to one objective)`);
    const weight = keyResultWeight(first?.weight ?? null, siblingWeights.get(parent.externalId) ?? [], notes);
    const externalId = first ? item.externalId : `${item.externalId}#kr`;
    keyResults.push(planKeyResult(planning, item, externalId, parent, first ? weight : 1));
    targets.set(item.externalId, { kind: 'keyResult', externalId });
  }
  cutAlignmentLoops(objectives, notes);
  return { objectives, keyResults, targets };
}

function skipReason(planning: Planning, okrId: string): string {
  const skipped = planning.skippedOkrs.get(okrId);
  if (skipped) return `its OKR ${okrId} was not imported: ${skipped}`;
  return planning.itemsById.has(okrId) ? `its OKR ${okrId} was not imported` : `its OKR ID ${okrId} is not an objective, key result or project in this export`;
}

function planCheckins(planning: Planning, targets: Map<string, PlannedTarget>, keyResults: PlannedKeyResult[]): PlannedCheckin[] {
  const { notes, directory } = planning;
  const lastValue = new Map<string, number>();
  const keyResultsById = new Map(keyResults.map((keyResult) => [keyResult.externalId, keyResult]));
  const seen = new Set<string>();
  const planned: PlannedCheckin[] = [];
  const byDate = [...planning.model.checkins].sort((a, b) => a.date.localeCompare(b.date));
  for (const checkin of byDate) {
    const target = targets.get(checkin.okrExternalId);
    if (!target || seen.has(checkin.externalId)) {
      notes.skip('checkin', checkin.externalId, target ? 'the export lists this ID twice; the first is used' : skipReason(planning, checkin.okrExternalId));
      continue;
    }
    seen.add(checkin.externalId);
    const item = planning.itemsById.get(checkin.okrExternalId);
    const keyResult = target.kind === 'keyResult' ? keyResultsById.get(target.externalId) : undefined;
    let value = checkin.value === null ? null : target.kind === 'objective' && item ? objectiveFraction(item, checkin.value, notes) : checkin.value;
    if (value === null) {
      // A check-in with only a note keeps the value it found, so the history does not drop to zero.
      value = lastValue.get(target.externalId) ?? keyResult?.startValue ?? 0;
      notes.warn('A check-in without a Current Value kept the previous value (or the start value) of its item');
    }
    lastValue.set(target.externalId, value);
    planned.push({
      externalId: checkin.externalId,
      target,
      date: checkin.date,
      authorEmail: directory.emailOf(checkin.author, 'A check-in author'),
      value,
      note: capped(checkin.note, NOTE_MAX, 'check-in note', notes),
      vivaStatus: checkin.status,
      existingId: planning.index.idOf('checkin', checkin.externalId),
    });
  }
  return planned;
}

function planComments(planning: Planning, targets: Map<string, PlannedTarget>): PlannedComment[] {
  const planned: PlannedComment[] = [];
  for (const comment of planning.model.comments) {
    const target = targets.get(comment.okrExternalId);
    if (!target) {
      planning.notes.skip('comment', comment.externalId, skipReason(planning, comment.okrExternalId));
      continue;
    }
    planned.push({
      externalId: comment.externalId,
      target,
      authorEmail: planning.directory.emailOf(comment.author, 'A comment author'),
      createdAt: comment.createdAt,
      text: capped(comment.text, NOTE_MAX, 'comment', planning.notes),
      existingId: planning.index.idOf('comment', comment.externalId),
    });
  }
  return planned;
}

export function planVivaImport(model: VivaImportModel, existing: ExistingPacerData = {}): VivaImportPlan {
  const notes = new ImportNotes(Number.MAX_SAFE_INTEGER);
  const index = new ExistingIndex(existing);
  const checkinsByOkr = new Map<string, VivaCheckin[]>();
  for (const checkin of model.checkins) {
    const list = checkinsByOkr.get(checkin.okrExternalId) ?? [];
    list.push(checkin);
    checkinsByOkr.set(checkin.okrExternalId, list);
  }
  const itemsById = new Map<string, VivaObjective>();
  for (const item of model.objectives) if (!itemsById.has(item.externalId)) itemsById.set(item.externalId, item);
  const directory = new PlanDirectory(model, existing, index, notes);
  const planning: Planning = { model, directory, index, notes, checkinsByOkr, itemsById, skippedOkrs: new Map() };
  const { objectives, keyResults, targets } = planItems(planning);
  const checkins = planCheckins(planning, targets, keyResults);
  const comments = planComments(planning, targets);
  return {
    source: model.source,
    cycles: directory.cycles,
    teams: directory.teams,
    users: directory.plannedUsers,
    objectives,
    keyResults,
    checkins,
    comments,
    skipped: [...model.skipped, ...notes.skipped],
    warnings: [...model.warnings, ...notes.warnings],
  };
}
