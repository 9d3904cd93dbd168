/**
 * Helpers for the OKR repositories' batched reads: a cycle can hold thousands of objectives, so
 * related rows are fetched with `IN (…)` lists, chunked to stay far below the bound-parameter
 * limits of SQLite (32,766) and PostgreSQL (65,535) while keeping the number of queries tiny.
 */
export const IN_LIST_CHUNK = 500;

export function chunked<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
