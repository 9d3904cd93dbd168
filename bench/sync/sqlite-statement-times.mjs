/**
 * A preload for the measured round process that times every SQLite statement, by the start of its
 * text ("insert into jira_issues", "commit", ...), and reports the totals after each round through
 * the hook round-child.ts calls. Plain JavaScript: the compiled round child runs in plain node.
 *
 *   BENCH_NODE_FLAGS="--import ./bench/sync/sqlite-statement-times.mjs" npm run bench:sync -- modes=datacenter
 *
 * Statements run synchronously on the main thread (better-sqlite3), so their wall time is the
 * time the round spent in SQLite, commits and their WAL checkpoints included.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

/** Milliseconds and calls per statement label since the last report. */
const times = new Map();

function labelOf(text) {
  const flat = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const match = /^(insert into \S+|update \S+|delete from \S+|select .*? from \S+|commit|begin|rollback|savepoint|release|pragma \S+)/.exec(flat);
  return (match ? match[1] : flat).slice(0, 60);
}

function timeStatementMethods(statement) {
  const prototype = Object.getPrototypeOf(statement);
  for (const name of ['run', 'all', 'get', 'iterate']) {
    const original = prototype[name];
    prototype[name] = function timed(...args) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const label = labelOf(this.source);
        const entry = times.get(label) ?? { ms: 0, calls: 0 };
        entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
        entry.calls += 1;
        times.set(label, entry);
      }
    };
  }
}

let patched = false;
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function prepareTimed(text) {
  const statement = prepare.call(this, text);
  // Every statement shares one native prototype: patched once, on the first statement prepared.
  if (!patched) {
    patched = true;
    timeStatementMethods(statement);
  }
  return statement;
};

globalThis.benchRoundReport = (phase) => {
  const rows = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  const total = [...times.values()].reduce((sum, entry) => sum + entry.ms, 0);
  times.clear();
  return `SQLite statements (${phase}): ${Math.round(total)} ms in all; ` + rows.map(([label, entry]) => `${label}: ${Math.round(entry.ms)} ms / ${entry.calls}`).join('; ');
};
