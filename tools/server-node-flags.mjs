/**
 * Node options the server is started with (`npm start`, `serve`, `worker` in package.json, and the
 * service examples in docs/DEPLOYMENT.md): options V8 reads only when the process starts, so
 * main.ts cannot set them the way it sets the heap growing factor (src/server/heap-growth.ts).
 *
 * --max-semi-space-size=16: the young generation's two halves at most 16 MB each, Node 20's
 * default. From Node 22 V8 lets them grow to 32 MB, and a 200,000-issue sync round, which parses
 * pages fast, peaked at 234-253 MB of RSS on Node 26 instead of 212-220 MB, for no less CPU
 * (docs/BENCHMARKS.md, issue 10). On Node 20 it changes nothing.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
