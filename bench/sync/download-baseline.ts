/**
 * The sync benchmark's baseline: download every page of the given queries and nothing else — the
 * same requests a sync makes (same endpoint, body and fields, plus one field list), with the same
 * number in flight, over the same global fetch. Only the paging cursor is read from each body
 * (Cloud: the token at its end; Data Center: the total at its start); nothing is parsed or stored.
 * Answers the number of requests made.
 */

export interface DownloadQuery {
  jql: string;
  fields: string[];
}

export interface DownloadOptions {
  url: string;
  authorization: string;
  mode: 'cloud' | 'datacenter';
  pageSize: number;
  concurrency: number;
  queries: readonly DownloadQuery[];
  /** Also fetch the field list once (a sync does, to find the story points field). */
  fieldList: boolean;
}

export async function downloadPages(options: DownloadOptions): Promise<number> {
  const headers = { Accept: 'application/json', Authorization: options.authorization, 'Content-Type': 'application/json' };
  let requests = 0;
  const post = async (path: string, body: unknown): Promise<string> => {
    requests += 1;
    const response = await fetch(`${options.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text;
  };

  const walkCloud = async (query: DownloadQuery) => {
    let nextPageToken: string | undefined;
    do {
      const text = await post('/rest/api/3/search/jql', { jql: query.jql, fields: query.fields, maxResults: options.pageSize, ...(nextPageToken ? { nextPageToken } : {}) });
      nextPageToken = /"nextPageToken":"([^"]+)"/.exec(text.slice(-600))?.[1];
    } while (nextPageToken !== undefined);
  };
  const walkDataCenter = async (query: DownloadQuery) => {
    let startAt = 0;
    let total = 0;
    do {
      const text = await post('/rest/api/2/search', { jql: query.jql, startAt, maxResults: options.pageSize, fields: query.fields });
      total = Number(/"total":(\d+)/.exec(text.slice(0, 300))?.[1] ?? 0);
      startAt += options.pageSize;
    } while (startAt < total);
  };

  let next = 0;
  const walk = options.mode === 'cloud' ? walkCloud : walkDataCenter;
  const workers = Array.from({ length: options.concurrency }, async (_, worker) => {
    if (worker === 0 && options.fieldList) {
      requests += 1;
      const response = await fetch(`${options.url}/rest/api/${options.mode === 'cloud' ? 3 : 2}/field`, { headers });
      await response.text();
    }
    while (next < options.queries.length) {
      const query = options.queries[next++];
      if (query) await walk(query);
    }
  });
  await Promise.all(workers);
  return requests;
}
