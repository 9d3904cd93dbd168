/**
 * Jira's JQL error and warning wordings, kept in one place so every message the simulator sends
 * reads exactly as real Jira's does. Sources: the shared README's recorded bodies and the wording
 * of Jira's own JQL parser/validator (JqlParseErrorMessages and the clause validators).
 */

/** A JQL problem reported to the caller; `kind` lets the HTTP layer treat syntax and validation alike or not. */
export class JqlError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'validation',
  ) {
    super(message);
    this.name = 'JqlError';
  }
}

const SYNTAX_PREFIX = 'Error in the JQL Query: ';
const VALID_OPERATORS = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";

export interface SourcePosition {
  line: number;
  /** 1-based, as Jira prints it. */
  character: number;
}

const at = (pos: SourcePosition | null): string => (pos ? ` (line ${pos.line}, character ${pos.character})` : '');
const syntax = (text: string, pos: SourcePosition | null): JqlError => new JqlError(`${SYNTAX_PREFIX}${text}${at(pos)}`, 'syntax');
const invalid = (text: string): JqlError => new JqlError(text, 'validation');

export const syntaxErrors = {
  expectedTokenAtEnd: (expected: string) => syntax(`Expecting '${expected}' before the end of the query.`, null),
  expectedTokenButGot: (expected: string, got: string, pos: SourcePosition) =>
    syntax(`Expecting '${expected}' but got '${got}'.`, pos),
  expectedEitherButGot: (first: string, second: string, got: string, pos: SourcePosition) =>
    syntax(`Expecting either '${first}' or '${second}' but got '${got}'.`, pos),
  expectedOneOfButGot: (first: string, second: string, got: string, pos: SourcePosition) =>
    syntax(`Expecting '${first}' or '${second}' but got '${got}'.`, pos),
  operatorAtEnd: () => syntax(`Expecting operator before the end of the query. The valid operators are ${VALID_OPERATORS}.`, null),
  operatorButGot: (got: string, pos: SourcePosition) =>
    syntax(`Expecting operator but got '${got}'. The valid operators are ${VALID_OPERATORS}.`, pos),
  operandAtEnd: () => syntax('Expecting either a value, list or function before the end of the query.', null),
  operandButGot: (got: string, pos: SourcePosition) =>
    syntax(
      `Expecting either a value, list or function but got '${got}'. You must surround '${got}' in quotation marks to use it as a value.`,
      pos,
    ),
  fieldAtEnd: () => syntax('Expecting a field name at the end of the query.', null),
  fieldButGot: (got: string, pos: SourcePosition) =>
    syntax(`Expecting a field name but got '${got}'. You must surround '${got}' in quotation marks to use it as a field name.`, pos),
  bracketInsteadOfField: (pos: SourcePosition) => syntax("Expecting a field name but got '['. Did you mean 'cf['?", pos),
  customFieldIdAtEnd: () => syntax('Expecting a custom field id (a positive number) before the end of the query.', null),
  customFieldIdButGot: (got: string, pos: SourcePosition) =>
    syntax(`Expecting a custom field id (a positive number) but got '${got}'.`, pos),
  functionArgumentAtEnd: () => syntax('Expecting a function argument at the end of the query.', null),
  functionArgumentButGot: (got: string, pos: SourcePosition) =>
    syntax(
      `Expecting a function argument but got '${got}'. You must surround '${got}' in quotation marks to use it as an argument.`,
      pos,
    ),
  functionArgumentMissing: (pos: SourcePosition) => syntax('Function argument must be specified.', pos),
  unfinishedString: (text: string, pos: SourcePosition) =>
    syntax(text === '' ? 'The quoted string has not been completed.' : `The quoted string '${text}' has not been completed.`, pos),
  reservedCharacter: (char: string, pos: SourcePosition) =>
    syntax(
      `The character '${char}' is a reserved JQL character. You must enclose it in a string or use the escape '${unicodeEscape(char)}' instead.`,
      pos,
    ),
  illegalCharacter: (char: string, pos: SourcePosition) =>
    syntax(
      `The character '${unicodeName(char)}' on line ${pos.line} at position ${pos.character} must be escaped. Use the escape '${unicodeEscape(char)}' instead.`,
      pos,
    ),
  illegalEscape: (sequence: string, pos: SourcePosition) =>
    syntax(
      `'${sequence}' is an illegal JQL escape sequence. The valid escape sequences are \\', \\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.`,
      pos,
    ),
  reservedWord: (word: string, pos: SourcePosition) =>
    syntax(`'${word}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`, pos),
  emptyFieldName: (pos: SourcePosition) => syntax('A field name cannot be empty.', pos),
  emptyFunctionName: (pos: SourcePosition) => syntax('A function name cannot be empty.', pos),
  unparseable: (got: string, pos: SourcePosition | null) =>
    syntax(got === '' ? 'Unable to parse the query.' : `Unable to parse the query at '${got}'.`, pos),
};

function unicodeEscape(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}
function unicodeName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const validationErrors = {
  unknownField: (field: string) => invalid(`Field '${field}' does not exist or you do not have permission to view it.`),
  unknownValue: (value: string, field: string) => invalid(`The value '${value}' does not exist for the field '${field}'.`),
  unknownId: (id: string, field: string) => invalid(`A value with ID '${id}' does not exist for the field '${field}'.`),
  unknownIssueKey: (key: string, field: string) => invalid(`An issue with key '${key}' does not exist for field '${field}'.`),
  invalidIssueKey: (key: string, field: string) => invalid(`The issue key '${key}' for field '${field}' is invalid.`),
  operatorNotSupported: (operator: string, field: string) =>
    invalid(`The operator '${operator}' is not supported by the '${field}' field.`),
  emptyNotSupported: (field: string) => invalid(`The field '${field}' does not support searching for EMPTY values.`),
  unknownFunction: (display: string) => invalid(`Unable to find JQL function '${display}'.`),
  functionNotForField: (name: string, field: string) =>
    invalid(`A value provided by the function '${name}' is invalid for the field '${field}'.`),
  functionArity: (name: string, min: number, max: number, received: number) =>
    invalid(
      min === max
        ? `Function '${name}' expected '${min}' arguments but received '${received}'.`
        : `Function '${name}' expected between '${min}' and '${max}' arguments but received '${received}'.`,
    ),
  functionDuration: (name: string) =>
    invalid(`Duration for function '${name}' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.`),
  unknownGroup: (group: string) =>
    invalid(`Function 'membersOf' can not generate a list of usernames for group '${group}'; the group does not exist.`),
  invalidDate: (value: string, field: string) =>
    invalid(
      `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    ),
  invalidNumber: (value: string, field: string) => invalid(`The value '${value}' is invalid for the field '${field}'.`),
  notSortable: (field: string) => invalid(`Not able to sort using field '${field}'.`),
};
