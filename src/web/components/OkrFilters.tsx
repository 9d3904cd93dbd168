/**
 * The OKR page's filters (issue 14): whose OKRs (all, or "My OKRs": owned by me or by my teams) and
 * one team. Both live in the address (`?mine=1&team=<id>`) so a filtered page can be shared as a link
 * and survives a reload; the cycle stays in `?cycle=` beside them.
 */
import { SegmentedControl, Select } from '@mantine/core';
import type { SetURLSearchParams } from 'react-router';
import type { ObjectiveFilter } from '../api/okrs';
import type { Team } from '../api/types';

const TEAM_PARAM = 'team';
const MINE_PARAM = 'mine';
/** The team selector's value for no team (ids are never empty). */
const ALL_TEAMS = '';

/** The filter in the address; a team the server no longer lists counts as no team, so an old link still opens. */
export function filterFromParams(params: URLSearchParams, teams: Team[] | undefined): ObjectiveFilter {
  const teamId = params.get(TEAM_PARAM);
  const knownTeam = teamId !== null && (teams === undefined || teams.some((team) => team.id === teamId));
  return { teamId: knownTeam ? teamId : null, mine: params.get(MINE_PARAM) === '1' };
}

/** A copy of `params` with `filter` written in (absent when off), keeping everything else (the cycle). */
export function withFilter(params: URLSearchParams, filter: ObjectiveFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  if (filter.teamId === null) next.delete(TEAM_PARAM);
  else next.set(TEAM_PARAM, filter.teamId);
  if (filter.mine) next.set(MINE_PARAM, '1');
  else next.delete(MINE_PARAM);
  return next;
}

interface OkrFiltersProps {
  filter: ObjectiveFilter;
  teams: Team[];
  setParams: SetURLSearchParams;
}

export function OkrFilters({ filter, teams, setParams }: OkrFiltersProps) {
  const change = (next: ObjectiveFilter) => setParams((params) => withFilter(params, next));
  return (
    <>
      <SegmentedControl
        aria-label="Whose OKRs"
        value={filter.mine ? 'mine' : 'all'}
        onChange={(value) => change({ ...filter, mine: value === 'mine' })}
        data={[
          { value: 'all', label: 'All OKRs' },
          { value: 'mine', label: 'My OKRs' },
        ]}
      />
      {teams.length > 0 && (
        <Select
          aria-label="Team"
          // "All teams" is an option rather than a clear button: Mantine's clear button is out of the Tab order.
          data={[{ value: ALL_TEAMS, label: 'All teams' }, ...teams.map((team) => ({ value: team.id, label: team.name }))]}
          value={filter.teamId ?? ALL_TEAMS}
          onChange={(teamId) => change({ ...filter, teamId: teamId === ALL_TEAMS ? null : teamId })}
          allowDeselect={false}
          searchable={teams.length > 8}
          nothingFoundMessage="No team by that name"
          w={{ base: 160, sm: 200 }}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </>
  );
}
