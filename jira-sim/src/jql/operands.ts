/**
 * Flattens a clause's right-hand side into plain items (values, EMPTY, function calls) and
 * evaluates the functions Jira offers, with Jira's messages for unknown functions, wrong
 * argument counts and functions used on a field they do not apply to.
 */
import type { Operand } from '@atlassianlabs/jql-ast';
import type { JqlContext } from '../model';
import type { DatasetIndex } from './dataset-index';
import { validationErrors } from './messages';
import { PERIOD_UNIT, addCalendar, endOfPeriod, startOfPeriod } from './time';
import type { CalendarUnit, Period } from './time';

export type OperandItem =
  | { kind: 'value'; value: string; quoted: boolean }
  | { kind: 'empty' }
  | { kind: 'function'; name: string; args: string[] };

export function operandItems(operand: Operand | void): OperandItem[] {
  if (!operand) return [];
  switch (operand.operandType) {
    case 'value':
      return [{ kind: 'value', value: operand.value, quoted: /^["']/.test(operand.text) }];
    case 'keyword':
      return [{ kind: 'empty' }];
    case 'function':
      return [{ kind: 'function', name: operand.function.value, args: operand.arguments.map((a) => a.value) }];
    case 'list':
      return operand.values.flatMap((value) => operandItems(value));
  }
}

/** What a function yields, which decides the fields it may be used with. */
type FunctionResult = 'users' | 'date' | 'issueTypes';

interface FunctionSpec {
  name: string;
  result: FunctionResult;
  minArgs: number;
  maxArgs: number;
}

const DATE_FUNCTIONS = [
  'startOfDay',
  'startOfWeek',
  'startOfMonth',
  'startOfYear',
  'endOfDay',
  'endOfWeek',
  'endOfMonth',
  'endOfYear',
] as const;

const FUNCTIONS: FunctionSpec[] = [
  { name: 'now', result: 'date', minArgs: 0, maxArgs: 0 },
  { name: 'currentUser', result: 'users', minArgs: 0, maxArgs: 0 },
  { name: 'membersOf', result: 'users', minArgs: 1, maxArgs: 1 },
  { name: 'standardIssueTypes', result: 'issueTypes', minArgs: 0, maxArgs: 0 },
  { name: 'subTaskIssueTypes', result: 'issueTypes', minArgs: 0, maxArgs: 0 },
  ...DATE_FUNCTIONS.map((name) => ({ name, result: 'date' as const, minArgs: 0, maxArgs: 1 })),
];
const FUNCTIONS_BY_NAME = new Map(FUNCTIONS.map((spec) => [spec.name.toLowerCase(), spec]));

/** Checks that the function exists, takes these arguments and can serve `field`; returns its canonical spec. */
function checkFunction(item: { name: string; args: string[] }, wanted: FunctionResult | null, field: string): FunctionSpec {
  const spec = FUNCTIONS_BY_NAME.get(item.name.toLowerCase());
  if (!spec) throw validationErrors.unknownFunction(`${item.name}(${item.args.join(', ')})`);
  if (item.args.length < spec.minArgs || item.args.length > spec.maxArgs) {
    throw validationErrors.functionArity(spec.name, spec.minArgs, spec.maxArgs, item.args.length);
  }
  if (spec.result !== wanted) throw validationErrors.functionNotForField(spec.name, field);
  return spec;
}

/** Throws the right Jira message for a function used on a field that takes no functions at all. */
export function rejectFunction(item: { name: string; args: string[] }, field: string): never {
  const spec = checkFunction(item, null, field);
  throw validationErrors.functionNotForField(spec.name, field);
}

/** accountIds produced by currentUser() / membersOf(); an anonymous caller's currentUser() matches nothing. */
export function userFunctionValues(
  item: { name: string; args: string[] },
  field: string,
  ctx: JqlContext,
  index: DatasetIndex,
): string[] {
  const spec = checkFunction(item, 'users', field);
  if (spec.name === 'currentUser') return ctx.currentUser ? [ctx.currentUser.accountId] : [];
  const group = item.args[0] ?? '';
  const members = index.groups.get(group.toLowerCase());
  if (!members) throw validationErrors.unknownGroup(group);
  return members.map((user) => user.accountId);
}

/** Issue type names from standardIssueTypes() / subTaskIssueTypes(). */
export function issueTypeFunctionValues(item: { name: string; args: string[] }, field: string): 'standard' | 'subtask' {
  const spec = checkFunction(item, 'issueTypes', field);
  return spec.name === 'subTaskIssueTypes' ? 'subtask' : 'standard';
}

const INCREMENT = /^([+-]?)(\d+)([yMwdhm]?)$/;

/** Instant produced by now() and the startOf…/endOf… functions, with Jira's optional increment. */
export function dateFunctionValue(item: { name: string; args: string[] }, field: string, ctx: JqlContext): number {
  const spec = checkFunction(item, 'date', field);
  const now = ctx.now.getTime();
  if (spec.name === 'now') return now;
  const period = spec.name.replace(/^(startOf|endOf)/, '').toLowerCase() as Period;
  const isStart = spec.name.startsWith('start');
  const argument = item.args[0]?.trim();
  let amount = 0;
  let unit: CalendarUnit = PERIOD_UNIT[period];
  if (argument !== undefined && argument !== '') {
    const match = INCREMENT.exec(argument);
    if (!match) throw validationErrors.functionDuration(spec.name);
    amount = Number(match[2]) * (match[1] === '-' ? -1 : 1);
    unit = (match[3] || PERIOD_UNIT[period]) as CalendarUnit;
  }
  if (unit === PERIOD_UNIT[period]) {
    // A whole-period shift: the start or end of that other period (endOfMonth(-1) is the last
    // moment of last month, not "end of this month minus a month").
    const shifted = addCalendar(startOfPeriod(now, period, ctx.timeZone), amount, unit, ctx.timeZone);
    return isStart ? shifted : endOfPeriod(shifted, period, ctx.timeZone);
  }
  const base = isStart ? startOfPeriod(now, period, ctx.timeZone) : endOfPeriod(now, period, ctx.timeZone);
  return addCalendar(base, amount, unit, ctx.timeZone);
}
