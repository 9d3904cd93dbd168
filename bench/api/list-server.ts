/**
 * The Pacer server both OKR-list benchmarks (objectives.bench.ts, objectives-profile.ts) measure:
 * the same options, so their figures describe the same server.
 */
import { startPacer, type PacerProcess } from '../../test/support/pacer-process';

export function startListServer(options: { dataDir: string; databaseUrl: string; noCache: boolean; nodeArgs?: string[] }): Promise<PacerProcess> {
  return startPacer({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    logLevel: 'info',
    // The server logs a line per request: keep only the end, for an error report.
    keepOutputChars: 20_000,
    // --no-cache: every answer is built (queries, presenters, JSON), as with PACER_LIST_CACHE_MB=0.
    env: options.noCache ? { PACER_LIST_CACHE_MB: '0' } : {},
    nodeArgs: options.nodeArgs ?? [],
  });
}
