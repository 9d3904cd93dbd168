/**
 * Jira's CONTAINS (`~`) approximated without Lucene. Jira analyses text with an English stemmer
 * and stop-word list; this simulator:
 * - lower-cases and splits on anything that is not a letter or digit;
 * - drops English stop words ("the", "and", …) from the query, as Lucene's analyser does;
 * - compares words after a light suffix-stripping stemmer (plurals, -ing, -ed), so "campaigns"
 *   finds "campaign" and "emailing" finds "email", but "win" does not find "window";
 * - requires every query word to occur (Jira Cloud ANDs the words), in any order;
 * - supports `*` (any suffix / infix) and `?` (one character) wildcards inside a word, and an
 *   exact phrase written with inner quotes: summary ~ "\"email campaign\"".
 * Leading `-word` excludes a word. Fuzzy (`~2`), boosts and field groups are not supported.
 */
import type { SimIssue } from '../model';

const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith('ed')) w = undouble(w.slice(0, -2));
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** "planned" → "plann" → "plan", so it meets "plan" and "planning". */
function undouble(w: string): string {
  const last = w.charAt(w.length - 1);
  return w.length > 3 && last === w.charAt(w.length - 2) && !'lsz'.includes(last) ? w.slice(0, -1) : w;
}

export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

type WordTest = ((stemmed: string, raw: string) => boolean) & {
  /** Lower-case text that any matching word contains; lets most issues be rejected by one regex test. */
  core: string;
};

interface TextQuery {
  required: WordTest[][]; // each entry is a phrase (one or more consecutive words)
  excluded: WordTest[][];
}

function withCore(test: (stemmed: string, raw: string) => boolean, core: string): WordTest {
  return Object.assign(test, { core });
}

function wordTest(term: string): WordTest | null {
  if (/[*?]/.test(term)) {
    const pattern = term
      .toLowerCase()
      .replace(/[^\p{L}\p{N}*?]/gu, '')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    if (pattern.replace(/[.*]/g, '') === '') return null;
    const regex = new RegExp(`^${pattern}$`, 'u');
    const longestLiteral = pattern.split(/\.\*?|\*/).reduce((a, b) => (b.length > a.length ? b : a), '');
    return withCore((_stemmed, raw) => regex.test(raw), longestLiteral);
  }
  const stemmed = stem(term);
  // Every word with this stem contains the stem, except "-ies" plurals of a "-y" stem.
  return withCore((candidate) => candidate === stemmed, stemmed.endsWith('y') ? stemmed.slice(0, -1) : stemmed);
}

/** Compiles the right-hand side of `~` into a query; returns null when nothing searchable is left. */
export function parseTextQuery(value: string): TextQuery | null {
  const required: WordTest[][] = [];
  const excluded: WordTest[][] = [];
  const tokens = value.match(/[-+]?"[^"]*"|\S+/g) ?? [];
  for (const token of tokens) {
    const negative = token.startsWith('-');
    const body = token.replace(/^[-+]/, '');
    if (/^(AND|OR|NOT|&&|\|\|)$/.test(body)) continue;
    const tests = termTests(body.replace(/^"|"$/g, ''));
    if (tests.length === 0) continue;
    (negative ? excluded : required).push(tests);
  }
  return required.length === 0 ? null : { required, excluded };
}

/** The words of a quoted phrase, or of a token with punctuation ("e-mail"), must appear consecutively. */
function termTests(token: string): WordTest[] {
  const pieces = token.toLowerCase().split(/[^\p{L}\p{N}*?]+/u).filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return pieces.map((w) => wordTest(w)).filter((t): t is WordTest => t !== null);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` holds the phrase as consecutive words. */
function containsPhrase(text: string, phrase: WordTest[]): boolean {
  const raw = words(text);
  const stemmed = raw.map(stem);
  const last = raw.length - phrase.length;
  for (let start = 0; start <= last; start++) {
    let all = true;
    for (let offset = 0; offset < phrase.length && all; offset++) {
      const test = phrase[offset];
      all = test !== undefined && test(stemmed[start + offset] ?? '', raw[start + offset] ?? '');
    }
    if (all) return true;
  }
  return false;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(text.charAt(index));
}

/**
 * A finder for one phrase. A single word with a literal core only looks at the words around
 * occurrences of the core (one regex pass, usually one stem), so searching 200,000 summaries
 * needs no per-issue cache; longer phrases tokenise the text.
 */
function phraseFinder(phrase: WordTest[]): (text: string) => boolean {
  const [only] = phrase;
  if (phrase.length !== 1 || !only || only.core === '') return (text) => containsPhrase(text, phrase);
  const core = new RegExp(escapeRegex(only.core), 'giu');
  return (text) => {
    core.lastIndex = 0;
    for (let match = core.exec(text); match; match = core.exec(text)) {
      let start = match.index;
      let end = start + match[0].length;
      while (start > 0 && isWordChar(text, start - 1)) start--;
      while (end < text.length && isWordChar(text, end)) end++;
      const raw = text.slice(start, end).toLowerCase();
      if (only(stem(raw), raw)) return true;
      core.lastIndex = end;
    }
    return false;
  };
}

/**
 * Whether the issue's text fields contain every required phrase and no excluded one; null when
 * all the fields are empty (then neither `~` nor `!~` matches).
 */
export function textMatcher(query: TextQuery, fields: readonly ('summary' | 'description')[]): (issue: SimIssue) => boolean | null {
  const required = query.required.map(phraseFinder);
  const excluded = query.excluded.map(phraseFinder);
  // Plain loops: this runs once per issue, and closures created per call are costly at 200,000 issues.
  const anyFieldHas = (issue: SimIssue, finder: (text: string) => boolean): boolean => {
    for (const field of fields) {
      const text = issue[field];
      if (text && finder(text)) return true;
    }
    return false;
  };
  return (issue) => {
    let empty = true;
    for (const field of fields) if (issue[field]) empty = false;
    if (empty) return null;
    for (const finder of required) if (!anyFieldHas(issue, finder)) return false;
    for (const finder of excluded) if (anyFieldHas(issue, finder)) return false;
    return true;
  };
}
