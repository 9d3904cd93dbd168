/**
 * Pieces shared by Cloud's and Data Center's search endpoints: field parameters, expand
 * (`names`, `schema`, `changelog`) and serialising a page of issues.
 */
import type { SimIssue } from '../model';
import type { SimInstance } from './context';
import type { ResolvedFields } from './fields';
import type { ApiVersion } from './render-values';

export interface PageRender {
  fields: ResolvedFields;
  expand: Set<string>;
  apiVersion: ApiVersion;
}

export function parseExpand(value: unknown): Set<string> {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return new Set(
    list
      .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  );
}

/** `[bean,bean,...]` for the issues that still exist (deleted ones are skipped). */
export function renderIssueArray(
  sim: SimInstance,
  issues: Iterable<SimIssue | undefined>,
  render: PageRender,
): { json: string; count: number } {
  const parts: string[] = [];
  const options = { fields: render.fields, expandChangelog: render.expand.has('changelog') };
  for (const issue of issues) {
    if (issue) parts.push(sim.renderer.bean(issue, render.apiVersion, options));
  }
  return { json: `[${parts.join(',')}]`, count: parts.length };
}

/** `"names":{...},"schema":{...}` members for `expand=names,schema`, or ''. */
export function namesAndSchema(sim: SimInstance, render: PageRender): string {
  const members: string[] = [];
  const definitions = render.fields.ids.map((id) => sim.store.fields.byId.get(id)).filter((d) => d !== undefined);
  if (render.expand.has('names')) {
    members.push(`"names":${JSON.stringify(Object.fromEntries(definitions.map((d) => [d.id, d.name])))}`);
  }
  if (render.expand.has('schema')) {
    const schema = Object.fromEntries(definitions.filter((d) => d.schema).map((d) => [d.id, d.schema]));
    members.push(`"schema":${JSON.stringify(schema)}`);
  }
  return members.join(',');
}
