/**
 * Refuses text that no database can store as sent: the NUL character (PostgreSQL rejects it in
 * text columns, which surfaced as a 500) and lone UTF-16 surrogates (both engines store U+FFFD
 * instead, so what was acknowledged would differ from what is read back). Checked in the path,
 * the query and the body before schema validation, so every route answers 400 naming the field.
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

/** The first string (or object key) in `value` that cannot be stored, with its field path; null when all is well. */
export function findUnstorableText(value: unknown, rootField: string): FieldProblem | null {
  // An explicit stack, not recursion: a 1 MiB body can nest deeper than the call stack allows.
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const item = pending.pop();
    if (!item) break;
    const field = item.path.length > 0 ? item.path.join('.') : rootField;
    if (typeof item.value === 'string') {
      const message = problemWith(item.value);
      if (message) return { field, message };
    } else if (Array.isArray(item.value)) {
      item.value.forEach((element, index) => pending.push({ value: element, path: [...item.path, String(index)] }));
    } else if (typeof item.value === 'object' && item.value !== null) {
      for (const [key, element] of Object.entries(item.value)) {
        const keyMessage = problemWith(key);
        if (keyMessage) return { field: [...item.path, JSON.stringify(key)].join('.'), message: `has a field name that ${keyMessage}` };
        pending.push({ value: element, path: [...item.path, key] });
      }
    }
  }
  return null;
}

/** Throws a 400 when the request's path, query or body holds text that cannot be stored. */
export function assertStorableText(request: { params: unknown; query: unknown; body: unknown }): void {
  const problem =
    findUnstorableText(request.params, 'path') ?? findUnstorableText(request.query, 'query') ?? findUnstorableText(request.body, 'body');
  if (problem) throw new ValidationError([problem]);
}
