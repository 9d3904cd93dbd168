/**
 * How far V8 lets its heap grow past what survived the last full garbage collection. Left to
 * itself V8 picks a factor between 1.1 and 4 from the allocation rate, so a sync round, which
 * parses and drops 200 MB of Jira pages while keeping about 40 MB live, took the heap to 150-180 MB
 * and the process's RSS to 270-300 MB (docs/BENCHMARKS.md, issue 10). A fixed, small factor keeps
 * the heap near what is live, at the price of more frequent full collections, which V8 marks
 * concurrently on its helper threads; the cost to sync rounds and API answers is measured there too.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Sets V8's heap growing factor to 1 + percent/100 for the rest of the process (V8 reads the flag
 * at each full collection, so it takes effect after start); 0 leaves V8's own dynamic factor.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
