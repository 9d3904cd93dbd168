/**
 * The response bodies recorded from real Jira in ../shared/jira/README.md, read at test time
 * so the simulator's bodies are compared with the recording itself, word for word.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPENAPI_PATH } from './openapi';

export interface RecordedBody {
  status: number;
  body: string;
}

const README_PATH = path.join(path.dirname(OPENAPI_PATH), 'README.md');

/**
 * The recorded `STATUS {json}` on the README line (or the line after it) that contains `marker`.
 */
export function recordedBody(marker: string): RecordedBody {
  const lines = readFileSync(README_PATH, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`The shared Jira README has no line containing '${marker}'.`);
  for (const line of lines.slice(index, index + 2)) {
    const match = /`(\d{3}) (\{.*?\})`/.exec(line.slice(line.indexOf(marker) >= 0 ? line.indexOf(marker) : 0));
    if (match) return { status: Number(match[1]), body: match[2]! };
  }
  throw new Error(`No recorded body near '${marker}' in the shared Jira README.`);
}
