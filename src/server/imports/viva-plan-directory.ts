/**
 * The plan's directory part: Viva time periods → cycles (matched to existing cycles by name and
 * dates), teams → teams (by an earlier import's id, else by name), and people → users matched by
 * email. People the export names without an email are looked up in its Users list by id, then by a
 * unique name; whoever stays unknown is left out with a warning rather than invented.
 */
import { NAME_MAX } from '../../contract/fields';
import type { ImportNotes } from './import-notes';
import type { ExistingPacerData, PlanKind, PlannedCycle, PlannedTeam, PlannedUser } from './viva-import-plan-types';
import type { VivaImportModel, VivaObjective, VivaPersonRef } from './viva-model';

export class ExistingIndex {
  private readonly byKind = new Map<PlanKind, Map<string, string>>();

  constructor(existing: ExistingPacerData) {
    for (const row of existing.imported ?? []) {
      const ids = this.byKind.get(row.kind) ?? new Map<string, string>();
      ids.set(row.externalId, row.id);
      this.byKind.set(row.kind, ids);
    }
  }

  /** The id of the row an earlier import made from this external id, if any. */
  idOf(kind: PlanKind, externalId: string): string | null {
    return this.byKind.get(kind)?.get(externalId) ?? null;
  }
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function planCycles(model: VivaImportModel, existing: ExistingPacerData, index: ExistingIndex, notes: ImportNotes): PlannedCycle[] {
  const cycles: PlannedCycle[] = [];
  for (const period of model.timePeriods) {
    let { startDate, endDate } = period;
    if (!startDate || !endDate) {
      // A period without dates takes the span of its objectives' dates (the Explorer export has no period dates).
      const own = model.objectives.filter((objective) => objective.timePeriod?.externalId === period.externalId || objective.timePeriod?.name === period.name);
      startDate ??= own.map((objective) => objective.startDate).filter((date) => date !== null).sort()[0] ?? null;
      endDate ??= own.map((objective) => objective.endDate).filter((date) => date !== null).sort().pop() ?? null;
    }
    if (!startDate || !endDate || endDate < startDate) {
      notes.skip('timePeriod', period.externalId, 'it has no Start and End Date, and its objectives have none either, so no cycle can be made of it');
      continue;
    }
    const imported = index.idOf('cycle', period.externalId);
    const sameName = (existing.cycles ?? []).find((cycle) => nameKey(cycle.name) === nameKey(period.name));
    let name = period.name.slice(0, NAME_MAX);
    let existingId = imported;
    if (!existingId && sameName && sameName.startDate === startDate && sameName.endDate === endDate) existingId = sameName.id;
    else if (!existingId && sameName) {
      name = `${period.name.slice(0, NAME_MAX - 8)} (Viva)`;
      notes.warn(`A cycle named "${sameName.name}" already exists with other dates; the time period is imported as the cycle "${name}"`);
    }
    cycles.push({ externalId: period.externalId, name, startDate, endDate, existingId });
  }
  return cycles;
}

export class PlanDirectory {
  readonly cycles: PlannedCycle[];
  readonly teams: PlannedTeam[] = [];
  private readonly users = new Map<string, PlannedUser>();
  private readonly emailByUserId = new Map<string, string>();
  private readonly emailsByName = new Map<string, Set<string>>();
  private readonly existingUserIds = new Map<string, string>();
  private readonly teamIdsByName = new Map<string, string>();

  constructor(
    private readonly model: VivaImportModel,
    existing: ExistingPacerData,
    private readonly index: ExistingIndex,
    private readonly notes: ImportNotes,
  ) {
    for (const user of existing.users ?? []) this.existingUserIds.set(user.email.toLowerCase(), user.id);
    for (const user of model.users) {
      if (!user.email) continue;
      if (user.externalId) this.emailByUserId.set(user.externalId, user.email);
      const names = this.emailsByName.get(nameKey(user.name)) ?? new Set<string>();
      this.emailsByName.set(nameKey(user.name), names.add(user.email));
      this.addUser(user.email, user.name, user.externalId);
    }
    this.cycles = planCycles(model, existing, index, notes);
    this.planTeams(existing);
  }

  get plannedUsers(): PlannedUser[] {
    return [...this.users.values()];
  }

  private addUser(email: string, name: string | null, externalId: string | null): void {
    if (this.users.has(email)) return;
    this.users.set(email, {
      email,
      name: (name ?? email).slice(0, NAME_MAX),
      externalId,
      existingId: this.existingUserIds.get(email) ?? (externalId ? this.index.idOf('user', externalId) : null),
      deactivated: true,
    });
  }

  /** The email of a person, registering them as a user; null (with a warning) when the export never gives one. */
  emailOf(person: VivaPersonRef | null, role: string): string | null {
    if (!person) return null;
    const names = person.name ? this.emailsByName.get(nameKey(person.name)) : undefined;
    const email = person.email ?? (person.externalId ? this.emailByUserId.get(person.externalId) : undefined) ?? (names?.size === 1 ? [...names][0] : undefined);
    if (!email) {
      this.notes.warn(`${role} "${person.name ?? person.externalId ?? '?'}" has no email in the export, so no Pacer user can be matched; it is left empty`);
      return null;
    }
    this.addUser(email, person.name, person.externalId);
    return email;
  }

  private planTeams(existing: ExistingPacerData): void {
    const existingByName = new Map((existing.teams ?? []).map((team) => [nameKey(team.name), team.id]));
    for (const team of this.model.teams) this.teamIdsByName.set(nameKey(team.name), team.externalId);
    const parents = new Map<string, string | null>();
    for (const team of this.model.teams) {
      let parent = team.parentExternalId;
      if (parent?.startsWith('name:')) parent = this.teamIdsByName.get(nameKey(parent.slice(5))) ?? null;
      if (team.parentExternalId && (!parent || !this.model.teams.some((other) => other.externalId === parent))) {
        this.notes.warn(`Team "${team.name}": its parent team is not in the export; it is imported without a parent`);
        parent = null;
      }
      parents.set(team.externalId, parent);
    }
    for (const team of this.model.teams) {
      // A parent chain that comes back to the team would make a loop Pacer refuses: cut it here.
      const seen = new Set([team.externalId]);
      for (let at = parents.get(team.externalId); at; at = parents.get(at)) {
        if (seen.has(at)) {
          this.notes.warn(`Team "${team.name}": its parent teams form a loop; it is imported without a parent`);
          parents.set(team.externalId, null);
          break;
        }
        seen.add(at);
      }
      this.teams.push({
        externalId: team.externalId,
        name: team.name.slice(0, NAME_MAX),
        parentExternalId: parents.get(team.externalId) ?? null,
        ownerEmails: team.owners.map((owner) => this.emailOf(owner, `An owner of team "${team.name}"`)).filter((email) => email !== null),
        memberEmails: [],
        description: team.description,
        existingId: this.index.idOf('team', team.externalId) ?? existingByName.get(nameKey(team.name)) ?? null,
      });
    }
  }

  /** The planned team for an objective's team reference (by id, else by name); null with a warning otherwise. */
  teamIdOf(team: { externalId: string | null; name: string | null }): string | null {
    const byId = team.externalId && this.teams.some((planned) => planned.externalId === team.externalId) ? team.externalId : null;
    const found = byId ?? (team.name ? (this.teamIdsByName.get(nameKey(team.name)) ?? null) : null);
    if (!found) this.notes.warn(`Team "${team.name ?? team.externalId ?? '?'}" is not in the export's teams; objectives keep their other teams`);
    return found;
  }

  /** The cycle an objective goes to: its time period, else the one period whose dates hold its own. */
  cycleIdOf(objective: VivaObjective): string | null {
    const period = objective.timePeriod;
    if (period) {
      const byId = period.externalId ? this.cycles.find((cycle) => cycle.externalId === period.externalId) : undefined;
      const byName = period.name ? this.cycles.find((cycle) => nameKey(cycle.name) === nameKey(period.name ?? '')) : undefined;
      if (byId ?? byName) return (byId ?? byName)?.externalId ?? null;
    }
    const { startDate, endDate } = objective;
    if (!startDate || !endDate) return null;
    const holding = this.cycles.filter((cycle) => cycle.startDate <= startDate && endDate <= cycle.endDate);
    return holding.length === 1 ? (holding[0]?.externalId ?? null) : null;
  }
}
