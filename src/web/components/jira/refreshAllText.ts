/** What a "Refresh all linked items" notification says, from the server's count of what happened. */
import type { RefreshAllResult } from '../../api/linkTypes';

export interface RefreshAllNotice {
  color: 'green' | 'orange' | 'gray';
  title: string;
  message: string;
}

const items = (count: number) => `${count} linked item${count === 1 ? '' : 's'}`;

export function refreshAllNotice(connectionName: string, result: RefreshAllResult): RefreshAllNotice {
  if (result.links === 0) {
    return { color: 'gray', title: 'Nothing to refresh', message: `No objective or key result is linked to Jira through “${connectionName}”.` };
  }
  const notes: string[] = [];
  if (result.failed > 0) notes.push(`${result.failed} failed and kept ${result.failed === 1 ? 'its' : 'their'} last good progress; open ${result.failed === 1 ? 'it' : 'them'} to see Jira’s reason.`);
  if (result.busy > 0) notes.push(`${result.busy} ${result.busy === 1 ? 'was' : 'were'} already syncing and will finish on their own.`);
  if (result.discarded > 0) notes.push(`${result.discarded} changed while syncing and will sync again.`);
  const requests = `${result.jiraRequests} Jira request${result.jiraRequests === 1 ? '' : 's'}`;
  return {
    color: result.failed > 0 || result.discarded > 0 ? 'orange' : 'green',
    title: `Refreshed ${result.ok} of ${items(result.links)} from “${connectionName}”`,
    message: [`${requests}.`, ...notes].join(' '),
  };
}
