/**
 * Conditional GETs for the JSON API (issue 11): every signed-in GET or HEAD under /api/v1 that
 * answers 200 with JSON carries an `ETag` computed from the body it sends, and
 * `Cache-Control: private, no-cache`, so the browser keeps the body and asks again with
 * `If-None-Match` each time. When the tag still matches, the answer is a 304 without a body: a page
 * that polls (the OKR list, an item's issues or insight) then moves no JSON over the wire and
 * parses none. Most routes still build the answer to hash it, so a 304 saves bytes and the
 * client's work, not the database round; the OKR list keeps its answers and their tags in an
 * answer cache (services/answer-cache.ts), so a repeated poll there costs one small read.
 *
 * The tag is a hash of the exact bytes, so it is safe across users on one browser: a 304 only ever
 * says "what you hold is byte for byte what I would send you now". It is left off answers that set
 * a cookie (a session being created, renewed or cleared must reach the browser), off public routes
 * (health, set-up state: nothing per user to save), off /auth/*, and off answers whose route chose
 * its own caching (an ETag or Cache-Control already set).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9110 §8.8.3: an entity tag, `"opaque"` or `W/"opaque"`. */
const ENTITY_TAG = /^\s*(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;

export const CONDITIONAL_CACHE_CONTROL = 'private, no-cache';

/** A strong tag for these exact bytes (SHA-1 is plenty for telling two bodies apart; no secret rides on it). */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * The body as the bytes that go on the wire. Hashing a string encodes it to UTF-8 inside the hash,
 * and the socket encodes it again; for the 5.7 MiB cycle list the two encodings cost more than the
 * hash itself (issue 11's profile), so a string is encoded once here and the bytes are both hashed
 * and sent.
 */
function bytesOf(payload: string | Buffer): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
}

/** Smaller answers are sent as they are: compressing them saves less than it costs. */
const GZIP_MIN_BYTES = 1024;

/**
 * Sends an answer that is already JSON bytes with its tag (a cached answer: its tag was computed
 * once, when it was built), or a 304 when the client holds those bytes. The hook below then leaves
 * it alone (an ETag is set). A client that accepts gzip gets the answer's gzip copy with its own
 * tag (the bytes differ, so a strong tag must too); If-None-Match matches either, since both name
 * the same JSON.
 */
export async function sendJsonBytes(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: { body: Buffer; etag: string; gzipped?: () => Promise<Buffer> },
): Promise<FastifyReply> {
  const gzipped = answer.gzipped !== undefined && answer.body.length >= GZIP_MIN_BYTES && acceptsGzip(request.headers['accept-encoding']) ? answer.gzipped : null;
  const etag = gzipped ? gzipTagOf(answer.etag) : answer.etag;
  reply.header('etag', etag).header('cache-control', CONDITIONAL_CACHE_CONTROL).header('vary', 'Accept-Encoding').type('application/json; charset=utf-8');
  const held = request.headers['if-none-match'];
  if (ifNoneMatchMatches(held, answer.etag) || ifNoneMatchMatches(held, gzipTagOf(answer.etag))) return reply.code(304).send();
  if (!gzipped) return reply.send(answer.body);
  return reply.header('content-encoding', 'gzip').send(await gzipped());
}

/** The tag of the gzip copy: the JSON's tag with "-gzip" inside the quotes. */
export function gzipTagOf(etag: string): string {
  return etag.replace(/"$/, '-gzip"');
}

/**
 * Whether an Accept-Encoding header allows gzip (RFC 9110 §12.5.3): `gzip` or `*` listed with a
 * weight above 0. A header that names gzip with q=0 refuses it even when `*` is listed.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let wildcard = false;
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const allowed = Number.isFinite(weight) && weight > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

/**
 * Whether an If-None-Match header matches `etag`: `*`, or any tag of the list by the weak
 * comparison RFC 9110 §13.1.2 asks for (W/ ignored on both sides). A malformed list matches
 * nothing, so the client simply gets the full answer.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const wanted = opaqueTag(etag);
  let rest = header;
  while (rest.trim() !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (!match) return false;
    if (match[1] === wanted) return true;
    rest = rest.slice(match[0].length);
  }
  return false;
}

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

function isJson(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Whether this answer may carry a tag: see the file's comment for why each exclusion is there. */
function taggable(prefix: string, request: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string | Buffer {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (reply.statusCode !== 200) return false;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  const path = pathOf(request.url);
  if (!path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}/auth/`)) return false;
  if (request.routeOptions.config.auth === 'public') return false;
  if (reply.hasHeader('set-cookie') || reply.hasHeader('etag') || reply.hasHeader('cache-control')) return false;
  return isJson(reply);
}

/**
 * The onSend hook for routes under `prefix` (app.ts registers it once, after the cookie plugin, so
 * that a Set-Cookie written by that plugin's own onSend is already on the reply).
 */
export function conditionalGet(prefix: string) {
  return async function conditionalGetOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (!taggable(prefix, request, reply, payload)) return payload;
    const body = bytesOf(payload);
    const etag = etagOf(body);
    reply.header('etag', etag).header('cache-control', CONDITIONAL_CACHE_CONTROL);
    if (!ifNoneMatchMatches(request.headers['if-none-match'], etag)) return body;
    // 304: the ETag and Cache-Control stay (RFC 9110 §15.4.5), the body and its type go. A HEAD
    // hands the payload on: Fastify's own HEAD hook runs last, needs one to measure, and sends none;
    // the Content-Length it sets is the 200's, which §8.6 allows on a 304.
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return request.method === 'HEAD' ? body : null;
  };
}
