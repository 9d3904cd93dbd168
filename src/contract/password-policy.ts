/**
 * What a new password must be: at least 10 characters and not guessable from lists of common
 * passwords. The check is zxcvbn-ts (`@zxcvbn-ts/core` with `@zxcvbn-ts/language-common`): a
 * maintained TypeScript port of Dropbox's estimator whose common-passwords dictionary also catches
 * the usual variants (case, l33t, reversals, repeats, keyboard walks, appended years and digits),
 * which a plain list lookup would miss. A password it estimates at fewer than 10^8 guesses (score
 * below 3) is refused: "12345678", "password123", "Summer2024!" and ten spaces all are.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;
const MIN_SCORE = 3;
/** zxcvbn's time grows with length; past this the start alone decides (a longer tail only adds). */
const CHECKED_PREFIX = 100;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: loading the dictionaries takes ~100 ms, which most processes never need. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

export const TOO_GUESSABLE_MESSAGE =
  'is too common or too easy to guess (a well-known password, a word with digits or a year, a keyboard pattern or a repeat); use a longer phrase of several unrelated words';

/** True when the password is among (or a simple variant of) the common passwords. */
export function isTooGuessable(password: string): boolean {
  return zxcvbn().check(password.slice(0, CHECKED_PREFIX)).score < MIN_SCORE;
}
