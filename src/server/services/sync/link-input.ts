/**
 * Turning a link request (PUT …/integration, preview) into stored options, checking what a schema
 * cannot: a KPI needs a target, a field sum needs a numeric field that exists on the Jira site.
 */
import type { MetricName } from '../../../core';
import type { JiraClient, JiraField } from '../../../integrations/jira/index';
import { ValidationError, type FieldProblem } from '../../errors';
import { normaliseOptions, type DoneRule, type LinkOptions } from './link-options';

export interface LinkInput {
  type: 'jira';
  connectionId: string;
  jql: string;
  metric: MetricName;
  startValue?: number | null | undefined;
  targetValue?: number | null | undefined;
  field?: string | null | undefined;
  countAll?: boolean | undefined;
  doneRule?: DoneRule | undefined;
  periodScoped?: boolean | undefined;
}

/** A key result's own scale: a KPI link without its own start and target counts along it. */
export interface KeyResultScale {
  startValue: number;
  targetValue: number;
}

/** Options as they will be stored; throws ValidationError naming every field to correct. */
export function buildOptions(input: LinkInput, keyResult: KeyResultScale | null): LinkOptions {
  const problems: FieldProblem[] = [];
  let startValue = input.startValue ?? null;
  let targetValue = input.targetValue ?? null;
  if (input.metric === 'done_count' && targetValue === null && startValue === null && keyResult) {
    startValue = keyResult.startValue;
    targetValue = keyResult.targetValue;
  }
  if (input.metric === 'done_count' && targetValue === null) {
    problems.push({ field: 'targetValue', message: 'is required for "done_count": how many issues count as the goal, e.g. 20' });
  }
  if (input.metric === 'percent_done' && (input.targetValue != null || input.startValue != null)) {
    problems.push({ field: 'targetValue', message: '"percent_done" measures done issues against all matching ones; leave start and target out or choose "done_count"' });
  }
  if (targetValue !== null && (startValue ?? 0) === targetValue) {
    problems.push({ field: 'targetValue', message: `must differ from the start value (${startValue ?? 0}); progress is the distance travelled from start to target` });
  }
  const field = input.field?.trim() || null;
  if (input.metric === 'field_sum' && field === null) {
    problems.push({ field: 'field', message: 'is required for "field_sum": the id or name of a numeric Jira field, e.g. "timespent" or "Business Value"' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return normaliseOptions({
    startValue: targetValue === null ? null : (startValue ?? 0),
    targetValue,
    field: input.metric === 'field_sum' ? field : null,
    countAll: input.countAll ?? false,
    doneRule: input.doneRule,
    periodScoped: input.periodScoped ?? false,
  });
}

function matches(field: JiraField, wanted: string): boolean {
  const lower = wanted.toLowerCase();
  return field.id.toLowerCase() === lower || field.name.toLowerCase() === lower || field.clauseNames.some((name) => name.toLowerCase() === lower);
}

/** The id of the numeric field a person named by id, name or JQL name; a ValidationError lists the choices otherwise. */
export async function resolveNumericField(client: JiraClient, wanted: string): Promise<string> {
  const numeric = await client.numericFields();
  const found = numeric.find((field) => matches(field, wanted));
  if (found) return found.id;
  const choices = numeric
    .slice(0, 12)
    .map((field) => `"${field.name}" (${field.id})`)
    .join(', ');
  throw ValidationError.field('field', `"${wanted}" is not a numeric field on this Jira site; choose one of ${choices || 'its numeric fields'}`);
}
