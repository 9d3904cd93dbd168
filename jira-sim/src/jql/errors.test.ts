/**
 * Error messages, word for word. Sources: the shared README's recorded Jira Cloud bodies, and
 * the wording Jira's own JQL parser and validators produce (Jira's functional tests assert these
 * sentences). A few simulator-only cases are marked as such.
 */
import { describe, expect, it } from 'vitest';
import { compileJql } from './index';
import { fixtureContext } from './test-fixture';

const cloud = fixtureContext('cloud');

function errorsOf(jql: string, ctx = cloud): string[] {
  const result = compileJql(jql, ctx);
  if (result.ok) throw new Error(`expected "${jql}" to be refused`);
  return result.errorMessages;
}

const SYNTAX: [string, string][] = [
  // Recorded from real Jira Cloud (shared README).
  ['project = AE AND (status = Done', "Expecting ')' before the end of the query."],
  // Jira's parser wording.
  ["comment ~ 'test", "The quoted string 'test' has not been completed. (line 1, character 11)"],
  ["comment ~ '", 'The quoted string has not been completed. (line 1, character 11)'],
  ['mine{www = qwwr', "The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 1, character 5)"],
  ['comme\\unt ~ test', "'\\un' is an illegal JQL escape sequence. The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 6)"],
  ['a =b order', "Expecting 'by' before the end of the query."],
  ['a =b order summary', "Expecting 'by' but got 'summary'. (line 1, character 12)"],
  ['a =b order by', 'Expecting a field name at the end of the query.'],
  ['a =b order by asc', "Expecting a field name but got 'asc'. You must surround 'asc' in quotation marks to use it as a field name. (line 1, character 15)"],
  ['a =b order by ajsks blah', "Expecting either 'ASC' or 'DESC' but got 'blah'. (line 1, character 21)"],
  ['order by a desc d', "Expecting ',' but got 'd'. (line 1, character 17)"],
  ['a', "Expecting operator before the end of the query. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."],
  ['a blah >', "Expecting operator but got 'blah'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 3)"],
  ['a =a and j not is empty', "Expecting 'IN' but got 'is'. (line 1, character 16)"],
  ['cf', "Expecting '[' before the end of the query."],
  ['cf[', 'Expecting a custom field id (a positive number) before the end of the query.'],
  ['cf[ = 9', "Expecting a custom field id (a positive number) but got '='. (line 1, character 5)"],
  ['cf[29829 = world', "Expecting ']' but got '='. (line 1, character 10)"],
  ['a = func(', "Expecting ')' before the end of the query."],
  ['a = func(, and not (a = x)', "Expecting ')' but got ','. (line 1, character 10)"],
  ['bas=func(bad,)', 'Function argument must be specified. (line 1, character 14)'],
  ['bas=func(bad,', 'Expecting a function argument at the end of the query.'],
  ['k = func(!', "Expecting a function argument but got '!'. You must surround '!' in quotation marks to use it as an argument. (line 1, character 10)"],
  ['k = func(abc, jk!)', "Expecting ')' or ',' but got '!'. (line 1, character 17)"],
  ['b in ((12, (288)', "Expecting ')' before the end of the query."],
  ['a=', 'Expecting either a value, list or function before the end of the query.'],
  ['a=!', "Expecting either a value, list or function but got '!'. You must surround '!' in quotation marks to use it as a value. (line 1, character 3)"],
  ['a=b c=d', "Expecting either 'OR' or 'AND' but got 'c'. (line 1, character 5)"],
  ['comment !~ "brenden" and', 'Expecting a field name at the end of the query.'],
  [', a = b', "Expecting a field name but got ','. You must surround ',' in quotation marks to use it as a field name. (line 1, character 1)"],
  ['[brenden] = a', "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 1)"],
  ['summary ~ select', "'select' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)"],
  ["'' = c", 'A field name cannot be empty. (line 1, character 1)'],
  ['project = AE\nAND ) ', "Expecting a field name but got ')'. You must surround ')' in quotation marks to use it as a field name. (line 2, character 5)"],
];

describe('JQL syntax errors', () => {
  it.each(SYNTAX)('%s', (jql, message) => {
    const result = compileJql(jql, cloud);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorMessages).toEqual([`Error in the JQL Query: ${message}`]);
    expect(result.kind).toBe('syntax');
  });
});

const VALIDATION: [string, string[]][] = [
  // Recorded from real Jira (shared README): every problem is reported, in query order.
  ['project = X AND y = 1', ["The value 'X' does not exist for the field 'project'.", "Field 'y' does not exist or you do not have permission to view it."]],
  ['"Story Points" = 3', ["Field 'Story Points' does not exist or you do not have permission to view it."]],
  ['cf[99999] > 1', ["Field 'cf[99999]' does not exist or you do not have permission to view it."]],
  ['status = Blocked', ["The value 'Blocked' does not exist for the field 'status'."]],
  ['status = 99999', ["A value with ID '99999' does not exist for the field 'status'."]],
  ['issuetype = Feature', ["The value 'Feature' does not exist for the field 'issuetype'."]],
  ['type = Feature', ["The value 'Feature' does not exist for the field 'type'."]],
  ['priority in (High, Urgent)', ["The value 'Urgent' does not exist for the field 'priority'."]],
  ['resolution = Nope', ["The value 'Nope' does not exist for the field 'resolution'."]],
  ['statusCategory = Blocked', ["The value 'Blocked' does not exist for the field 'statusCategory'."]],
  ['component = Nope', ["The value 'Nope' does not exist for the field 'component'."]],
  ['assignee = nobody', ["The value 'nobody' does not exist for the field 'assignee'."]],
  ['key = AE-999', ["An issue with key 'AE-999' does not exist for field 'key'."]],
  ['key in (AE-1, OPS-77)', ["An issue with key 'OPS-77' does not exist for field 'key'."]],
  ['parent = AE-999', ["An issue with key 'AE-999' does not exist for field 'parent'."]],
  ['status ~ Done', ["The operator '~' is not supported by the 'status' field."]],
  ['summary = x', ["The operator '=' is not supported by the 'summary' field."]],
  ['project > AE', ["The operator '>' is not supported by the 'project' field."]],
  ['key is EMPTY', ["The operator 'is' is not supported by the 'key' field."]],
  ['text !~ x', ["The operator '!~' is not supported by the 'text' field."]],
  ['status = EMPTY', ["The field 'status' does not support searching for EMPTY values."]],
  ['key in (AE-1, EMPTY)', ["The field 'key' does not support searching for EMPTY values."]],
  ['assignee = nextWeek()', ["Unable to find JQL function 'nextWeek()'."]],
  ['key in linkedIssues("AE-1", blocks)', ["Unable to find JQL function 'linkedIssues(AE-1, blocks)'."]],
  ['created > now(1)', ["Function 'now' expected '0' arguments but received '1'."]],
  ['created > startOfDay("soon")', ["Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier."]],
  ['assignee was currentUser()', ["The operator 'was' is not supported by the 'assignee' field."]],
  ['assignee = now()', ["A value provided by the function 'now' is invalid for the field 'assignee'."]],
  [
    'created > yesterday',
    ["Date value 'yesterday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."],
  ],
  ['due = "2026-02-30"', ["Date value '2026-02-30' for field 'due' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."]],
  ['assignee in membersOf(nosuchgroup)', ["Function 'membersOf' can not generate a list of usernames for group 'nosuchgroup'; the group does not exist."]],
  ['project = AE ORDER BY nosuchfield', ["Field 'nosuchfield' does not exist or you do not have permission to view it."]],
  ['project = AE ORDER BY text', ["Not able to sort using field 'text'."]],
  ['rank > 5', ["The operator '>' is not supported by the 'rank' field."]],
];

describe('JQL validation errors', () => {
  it.each(VALIDATION)('%s', (jql, messages) => {
    const result = compileJql(jql, cloud);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorMessages).toEqual(messages);
    expect(result.kind).toBe('validation');
  });

  // Simulator wording where Jira's exact sentence is not on record.
  it.each([
    ['"Story point estimate" = lots', "The value 'lots' is invalid for the field 'Story point estimate'."],
    ['key = banana', "The issue key 'banana' for field 'key' is invalid."],
    ['created > startOfDay(1, 2)', "Function 'startOfDay' expected between '0' and '1' arguments but received '2'."],
  ])('%s (simulator wording)', (jql, message) => expect(errorsOf(jql)).toEqual([message]));
});
