/**
 * The baseline for the objectives benchmark: a bare Fastify route that returns the very same
 * objectives JSON from memory (parsed once, serialised by Fastify's default JSON.stringify on
 * every request, as any plain route would). No database, no auth, no schema, no logging.
 *   tsx bench/api/bare-server.ts <port> <file with the JSON>
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const file = process.argv[3];
if (!port || !file) throw new Error('usage: tsx bench/api/bare-server.ts <port> <json file>');

const objectives: unknown = JSON.parse(readFileSync(file, 'utf8'));
const app = Fastify({ logger: false });
app.get('/api/v1/objectives', async () => objectives);
app.get('/api/v1/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
