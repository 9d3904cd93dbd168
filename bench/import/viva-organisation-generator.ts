/**
 * A large Viva Goals organisation export for bench:import, built with the test fixtures' record
 * builders (keys spelled as Viva spells them): `objectives` Viva records, a third of them Big
 * rocks (most aligned to one or two earlier Big rocks, with weights), the rest Kpis (metric or
 * percentage, some with phased targets) aligned to a Big rock; `checkins` check-ins spread over
 * the items with notes (some HTML, some empty); a comment per ten items. Deterministic.
 */
import {
  buildVivaOrganisationZip,
  vivaCheckin,
  vivaComment,
  vivaObjective,
  vivaPerson,
  vivaTeam,
  vivaTimePeriod,
  vivaUser,
  type VivaJsonRecord,
} from '../../test/support/viva-export-fixtures';

const PERIODS = [
  { id: 10, name: 'Q1 2025', start: '2025-01-01', end: '2025-03-31' },
  { id: 11, name: 'Q2 2025', start: '2025-04-01', end: '2025-06-30' },
  { id: 12, name: 'Q3 2025', start: '2025-07-01', end: '2025-09-30' },
  { id: 13, name: 'Q4 2025', start: '2025-10-01', end: '2025-12-31' },
];
const USERS = 200;
const TEAMS = 30;

/** A small deterministic generator (mulberry32), so every run imports the same file. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedExport {
  zip: Uint8Array;
  bigRocks: number;
  kpis: number;
  checkins: number;
  comments: number;
}

export function generateVivaOrganisation(options: { objectives: number; checkins: number }): GeneratedExport {
  const random = randomFrom(14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const person = (index: number) => vivaPerson(index, `Person ${index}`, `person${index}@example.com`);
  const users = Array.from({ length: USERS }, (_, i) => vivaUser({ ID: i + 1, Name: `Person ${i + 1}`, Email: `person${i + 1}@example.com` }));
  const teams = Array.from({ length: TEAMS }, (_, i) =>
    vivaTeam({ ID: 1000 + i, 'Team Name': `Team ${i}`, 'Parent Team': i >= 5 ? { ID: 1000 + (i % 5), Name: `Team ${i % 5}` } : null, 'Team Owners': [person((i % USERS) + 1)] }),
  );
  const bigRockCount = Math.max(1, Math.round(options.objectives / 3));
  const objectives: VivaJsonRecord[] = [];
  const bigRocksOf = new Map<number, number[]>();
  for (let i = 0; i < options.objectives; i++) {
    const id = 100_000 + i;
    const period = PERIODS[i % PERIODS.length]!;
    const common = {
      ID: id,
      Owner: [person(Math.floor(random() * USERS) + 1)],
      Teams: [{ ID: 1000 + (i % TEAMS), Name: `Team ${i % TEAMS}` }],
      'Time Period': { ID: period.id, Name: period.name },
      'Start Date': `${period.start} 00:00:00`,
      'End Date': `${period.end} 00:00:00`,
      Progress: Math.round(random() * 100),
      Status: pick(['On Track', 'Behind', 'At Risk', 'Not Started']),
    };
    const sameQuarter = bigRocksOf.get(period.id) ?? [];
    if (i < bigRockCount) {
      const parents = sameQuarter.length > 0 && random() < 0.7 ? [...new Set([pick(sameQuarter), ...(random() < 0.3 ? [pick(sameQuarter)] : [])])] : [];
      const weights = parents.length === 2 ? ['40.0%', '60.0%'] : ['100.0%'];
      objectives.push(
        vivaObjective({
          ...common,
          Title: `Big rock ${i}: grow what matters`,
          Alignment: parents.map((parent, index) => ({ ID: parent, Title: `Big rock ${parent}`, Weight: weights[index] })),
          'Parent IDs': parents,
          'Progress and Status Configuration': { Progress: random() < 0.8 ? 'Update from Children' : 'Update Manually', Status: 'Automatic', 'Data Source': null },
        }),
      );
      bigRocksOf.set(period.id, [...sameQuarter, id]);
    } else {
      const parent = pick(sameQuarter);
      const metric = random() < 0.6;
      const start = Math.round(random() * 100);
      objectives.push(
        vivaObjective({
          ...common,
          Title: `Kpi ${i}: move the number`,
          Type: 'Kpi',
          Alignment: [{ ID: parent, Title: `Big rock ${parent}`, Weight: random() < 0.5 ? `${Math.round(random() * 100)}.0%` : null }],
          'Parent IDs': [parent],
          'Progress and Status Configuration': { Progress: 'Update Manually', Status: 'Manual', 'Data Source': null },
          Outcome: metric
            ? { 'Outcome Type': 'Metric', 'Metric Name': 'Signups', 'Metric Unit': 'users', Start: start, Target: start + 1000, 'Target Type': 'Increase From' }
            : { 'Outcome Type': 'Percentage', 'Metric Name': null, 'Metric Unit': null, Start: 0, Target: 100, 'Target Type': 'Increase From' },
          'Phased Targets':
            metric && random() < 0.3
              ? { Interval: 'Monthly', 'Phased Targets': [{ 'Target Value': start + 300, 'Target Date': `${period.start.slice(0, 8)}28 00:00:00` }] }
              : 'Disabled',
          Status: random() < 0.05 ? 'Closed' : common.Status,
          Score: random() < 0.05 ? 0.6 : null,
        }),
      );
    }
  }
  const checkins: VivaJsonRecord[] = [];
  for (let i = 0; i < options.checkins; i++) {
    const index = i % options.objectives;
    const period = PERIODS[index % PERIODS.length]!;
    const day = String(1 + Math.floor(i / options.objectives) * 2).padStart(2, '0');
    const note = i % 3 === 0 ? null : { 'Check In Note': `Update ${i}`, 'Check In Note HTML': `<p>Update <b>${i}</b></p>` };
    checkins.push(
      vivaCheckin({
        ID: 10_000_000 + i,
        'OKR ID': 100_000 + index,
        'CheckIn Date': `${period.start.slice(0, 8)}${day} 09:00:00`,
        'Check In Owner': person((i % USERS) + 1),
        'Check In Note': note,
        'Current Value': Math.round(random() * 100),
      }),
    );
  }
  const comments = Array.from({ length: Math.floor(options.objectives / 10) }, (_, i) => vivaComment({ ID: 50_000_000 + i, 'OKR ID': 100_000 + i * 10, Comment: `Comment ${i}` }));
  const zip = buildVivaOrganisationZip({
    timePeriods: PERIODS.map((period) => vivaTimePeriod({ ID: period.id, 'Time Period Name': period.name, 'Start Date': `${period.start} 00:00:00`, 'End Date': `${period.end} 00:00:00` })),
    teams,
    users,
    objectives,
    checkins,
    comments,
  });
  return { zip, bigRocks: bigRockCount, kpis: options.objectives - bigRockCount, checkins: checkins.length, comments: comments.length };
}
