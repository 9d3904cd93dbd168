/**
 * Refuses text that no database can store as sent: the NUL character (PostgreSQL rejects it in
 * text columns, which surfaced as a 500) and lone UTF-16 surrogates (both engines store U+FFFD
 * instead, so what was acknowledged would differ from what is read back). The path and the query
 * are checked when the request arrives, the body once parsed, both before any route code runs,
 * so every route answers 400 naming the field.
 */
import { ValidationError, type FieldProblem } from './errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemWith(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000); remove it and try again';
  if (LONE_SURROGATE.test(text)) {
    return 'is not valid Unicode text (it contains half of a surrogate pair, e.g. a cut-off emoji); send the complete characters';
  }
  return null;
}

interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

/** The dotted path of a visited value, built only when a problem is found. */
function pathOf(visit: Visit, rootField: string): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at !== null && at.key !== null; at = at.parent) keys.push(at.key);
  if (keys.length === 0) return rootField;
  keys.reverse();
  // A field name, not an echo of the whole body: very deep paths are shortened.
  return keys.length > 12 ? `${keys.slice(0, 5).join('.')}.….${keys[keys.length - 1]} (${keys.length} levels deep)` : keys.join('.');
}

/** The first string (or object key) in `value` that cannot be stored, with its field path; null when all is well. */
export function findUnstorableText(value: unknown, rootField: string): FieldProblem | null {
  // An explicit stack, not recursion: a 1 MiB body can nest deeper than the call stack allows.
  // Each entry points at its parent instead of copying the path, so deep nesting stays linear.
  const pending: Visit[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop();
    if (!visit) break;
    if (typeof visit.value === 'string') {
      const message = problemWith(visit.value);
      if (message) return { field: pathOf(visit, rootField), message };
    } else if (Array.isArray(visit.value)) {
      visit.value.forEach((element, index) => pending.push({ value: element, key: String(index), parent: visit }));
    } else if (typeof visit.value === 'object' && visit.value !== null) {
      for (const [key, element] of Object.entries(visit.value)) {
        const keyMessage = problemWith(key);
        if (keyMessage) return { field: pathOf({ value: key, key: JSON.stringify(key), parent: visit }, rootField), message: `has a field name that ${keyMessage}` };
        pending.push({ value: element, key, parent: visit });
      }
    }
  }
  return null;
}

/**
 * Throws a 400 when the path or the query holds text that cannot be stored. Run at onRequest,
 * before any route's own onRequest hook can look an id up (the webhook receiver does).
 */
export function assertStorablePathAndQuery(request: { params: unknown; query: unknown }): void {
  const problem = findUnstorableText(request.params, 'path') ?? findUnstorableText(request.query, 'query');
  if (problem) throw new ValidationError([problem]);
}

/** Throws a 400 when the parsed body holds text that cannot be stored. */
export function assertStorableBody(request: { body: unknown }): void {
  const problem = findUnstorableText(request.body, 'body');
  if (problem) throw new ValidationError([problem]);
}
