/**
 * JSON from an import file, parsed and then copied into a safe shape before anything reads it:
 * nesting deeper than the limit is an ImportError (checked without recursion past the limit), and
 * every object key is normalised to lower-case letters and digits ("Check In Owner", "CheckIn
 * Owner" and "check_in_owner" all become `checkinowner`). The normalisation also makes keys such
 * as `__proto__` or `constructor` plain data (`proto`, `constructor`) in null-prototype objects,
 * so nothing in a file can reach an object's prototype.
 */
import { ImportError } from './import-errors';

export type SafeJson = string | number | boolean | null | SafeJson[] | { [key: string]: SafeJson };

export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function copyWithin(value: unknown, depth: number, maxDepth: number, fileName: string): SafeJson {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= maxDepth) {
    throw new ImportError('too_deep', `"${fileName}" nests arrays or objects more than ${maxDepth} levels deep, which no Viva Goals export does; upload the export as downloaded.`);
  }
  if (Array.isArray(value)) return value.map((element) => copyWithin(element, depth + 1, maxDepth, fileName));
  const copy = Object.create(null) as { [key: string]: SafeJson };
  for (const [key, element] of Object.entries(value as object)) {
    copy[normaliseKey(key)] = copyWithin(element, depth + 1, maxDepth, fileName);
  }
  return copy;
}

/** Parses `text` (already size-checked by the caller) and returns its normalised copy. */
export function parseUntrustedJson(text: string, fileName: string, maxDepth: number): SafeJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
    throw new ImportError('bad_json', `"${fileName}" is not valid JSON (${detail}); upload the export as downloaded.`);
  }
  return copyWithin(parsed, 0, maxDepth, fileName);
}
