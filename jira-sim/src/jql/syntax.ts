/**
 * Parses JQL with Atlassian's own grammar (@atlassianlabs/jql-ast) and turns the ANTLR parser's
 * first complaint into the sentence Jira's server would answer with. Jira reports only the first
 * syntax error, with "(line L, character C)" unless the error is at the end of the query.
 */
import { JastBuilder } from '@atlassianlabs/jql-ast';
import type { Query } from '@atlassianlabs/jql-ast';
import { syntaxErrors } from './messages';
import type { JqlError, SourcePosition } from './messages';

/** The parts of an antlr4ts Token this module reads. */
interface TokenView {
  type: number;
  text: string | undefined;
  line: number;
  charPositionInLine: number;
  tokenIndex: number;
  startIndex: number;
  /** 0 is the default channel; whitespace travels on a hidden one. */
  channel: number;
}

/** The parts of the antlr4ts Parser this module reads (the listener receives it as a Recognizer). */
interface ParserView {
  getExpectedTokens(): { toArray(): number[] };
  getRuleInvocationStack(): string[];
  vocabulary: { getSymbolicName(tokenType: number): string | undefined };
  inputStream: { get(index: number): TokenView };
}

interface FirstSyntaxError {
  token: TokenView;
  tokenName: string;
  expected: Set<string>;
  rule: string;
  previousTokenName: string | undefined;
  /** The characters from the offending token to the end of the query. */
  rest: string;
}

type ErrorListener = Parameters<JastBuilder['setErrorListeners']>[0][number];

const OPERATOR_TOKENS = ['EQUALS', 'NOT_EQUALS', 'LT', 'GT', 'LIKE', 'IN', 'IS'];
const ARGUMENT_TOKENS = ['POSNUMBER', 'STRING', 'QUOTE_STRING', 'SQUOTE_STRING'];

/** Parses `jql`; throws a JqlError worded as Jira when the text is not valid JQL. */
export function parseJqlSyntax(jql: string): Query | undefined {
  let first: FirstSyntaxError | null = null;
  const listener: ErrorListener = {
    syntaxError: (recognizer, offendingSymbol) => {
      if (first || !offendingSymbol) return;
      const parser = recognizer as unknown as ParserView;
      const token = offendingSymbol as unknown as TokenView;
      const name = (type: number): string => (type === -1 ? 'EOF' : (parser.vocabulary.getSymbolicName(type) ?? ''));
      let previous: TokenView | undefined;
      for (let index = token.tokenIndex - 1; index >= 0 && !previous; index--) {
        const candidate = parser.inputStream.get(index);
        if (candidate.channel === 0) previous = candidate;
      }
      first = {
        token,
        tokenName: name(token.type),
        expected: new Set(parser.getExpectedTokens().toArray().map(name)),
        rule: parser.getRuleInvocationStack()[0] ?? '',
        previousTokenName: previous ? name(previous.type) : undefined,
        rest: token.type === -1 ? '' : jql.slice(token.startIndex),
      };
    },
  };
  const jast = new JastBuilder().setErrorListeners([listener]).build(jql);
  if (first) throw toJiraSyntaxError(first);
  if (jast.errors.length > 0 || !jast.query) {
    // The grammar failed in a way the listener did not see (should not happen); still answer like Jira.
    throw syntaxErrors.unparseable('', null);
  }
  return jast.query;
}

function toJiraSyntaxError({ token, tokenName, expected, rule, previousTokenName, rest }: FirstSyntaxError): JqlError {
  const got = tokenText(token);
  const pos: SourcePosition = { line: token.line, character: token.charPositionInLine + 1 };
  const atEnd = tokenName === 'EOF';
  const expects = (...names: string[]): boolean => names.every((n) => expected.has(n));

  // Lexical problems first: Jira's lexer reports them before any grammar expectation.
  switch (tokenName) {
    case 'UNCLOSED_QUOTE_STRING':
    case 'UNCLOSED_SQUOTE_STRING':
      return syntaxErrors.unfinishedString(got.slice(1).replace(/[\r\n]/g, ' '), pos);
    case 'ERROR_RESERVED':
      return syntaxErrors.reservedCharacter(got, pos);
    case 'ERRORCHAR':
      return got === '\\' ? illegalEscapeError(rest, pos) : syntaxErrors.illegalCharacter(got, pos);
    case 'RESERVED_WORD':
      return syntaxErrors.reservedWord(got, pos);
    case 'INVALID_QUOTE_STRING':
    case 'INVALID_SQUOTE_STRING':
      return illegalEscapeError(rest, pos);
  }

  if (OPERATOR_TOKENS.every((n) => expected.has(n))) {
    return atEnd ? syntaxErrors.operatorAtEnd() : syntaxErrors.operatorButGot(got, pos);
  }
  if (rule === 'jqlArgument') {
    if (atEnd) return syntaxErrors.functionArgumentAtEnd();
    if (tokenName === 'RPAREN') return syntaxErrors.functionArgumentMissing(pos);
    return syntaxErrors.functionArgumentButGot(got, pos);
  }
  if (rule === 'jqlFunction') {
    if (atEnd) return syntaxErrors.expectedTokenAtEnd(')');
    if (expects(...ARGUMENT_TOKENS)) {
      return tokenName === 'COMMA' ? syntaxErrors.expectedTokenButGot(')', got, pos) : syntaxErrors.functionArgumentButGot(got, pos);
    }
    return syntaxErrors.expectedOneOfButGot(')', ',', got, pos);
  }
  if (expects('EMPTY', 'STRING')) {
    return atEnd ? syntaxErrors.operandAtEnd() : syntaxErrors.operandButGot(got, pos);
  }
  if (rule === 'jqlCustomField') {
    if (expected.has('LBRACKET')) return atEnd ? syntaxErrors.expectedTokenAtEnd('[') : syntaxErrors.expectedTokenButGot('[', got, pos);
    if (expected.has('POSNUMBER')) return atEnd ? syntaxErrors.customFieldIdAtEnd() : syntaxErrors.customFieldIdButGot(got, pos);
    return atEnd ? syntaxErrors.expectedTokenAtEnd(']') : syntaxErrors.expectedTokenButGot(']', got, pos);
  }
  if (expects('STRING', 'CUSTOMFIELD')) {
    if (atEnd) return syntaxErrors.fieldAtEnd();
    if (tokenName === 'LBRACKET') return syntaxErrors.bracketInsteadOfField(pos);
    return syntaxErrors.fieldButGot(got, pos);
  }
  if (expected.has('BY')) return atEnd ? syntaxErrors.expectedTokenAtEnd('by') : syntaxErrors.expectedTokenButGot('by', got, pos);
  if (expected.has('IN') && expected.size === 1) return syntaxErrors.expectedTokenButGot('IN', got, pos);
  if (expected.has('EMPTY') && expected.size === 1) return syntaxErrors.expectedTokenButGot('NOT', got, pos);
  if (rule === 'jqlQuery' && expected.has('ORDER')) return syntaxErrors.expectedEitherButGot('OR', 'AND', got, pos);
  if (rule === 'jqlQuery' && expected.has('EOF')) {
    // After "ORDER BY field": Jira wants a direction, after "field DESC" another sort field.
    return previousTokenName === 'ASC' || previousTokenName === 'DESC'
      ? syntaxErrors.expectedTokenButGot(',', got, pos)
      : syntaxErrors.expectedEitherButGot('ASC', 'DESC', got, pos);
  }
  if (expected.has('RPAREN')) return atEnd ? syntaxErrors.expectedTokenAtEnd(')') : syntaxErrors.expectedTokenButGot(')', got, pos);
  return syntaxErrors.unparseable(atEnd ? '' : got, atEnd ? null : pos);
}

function tokenText(token: TokenView): string {
  return token.type === -1 ? '' : (token.text ?? '');
}

/**
 * The first bad escape sequence in `text`, as Jira quotes it: the backslash and the character after
 * it, or for a broken unicode escape the `\u`, the hex digits read and the first non-hex character.
 */
function illegalEscapeError(text: string, tokenPos: SourcePosition): JqlError {
  const match = /\\(u[0-9a-fA-F]{0,3}[^0-9a-fA-F]?|[^'"tnr\\ u])/.exec(text);
  if (!match) return syntaxErrors.illegalEscape('\\', tokenPos);
  return syntaxErrors.illegalEscape(match[0], { line: tokenPos.line, character: tokenPos.character + match.index });
}
