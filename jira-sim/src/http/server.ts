/**
 * The request lifecycle on node:http: log, control API, faults (delay, canned failures, drops,
 * hangs), authentication, routing, and writing the answer (possibly corrupted on purpose).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLog } from '../request-log';
import { SERAPH_HEADER, unauthorized, type Authenticator } from './auth';
import type { ApiRequest, SimInstance } from './context';
import { routeFor } from './router';
import type { SimResponse } from './responses';

export interface ServerParts {
  sim: SimInstance;
  auth: Authenticator;
  log: RequestLog;
  /** Null when the control API is off: `/_sim/` paths are then plain 404s. */
  control: ((method: string, path: string, query: URLSearchParams, body: string) => Promise<SimResponse>) | null;
}

export class RequestHandler {
  /** Requests held open by the hang fault, answered (by closing) when the simulator stops. */
  readonly hung = new Set<ServerResponse>();
  private requestCounter = 0;

  constructor(private readonly parts: ServerParts) {}

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const { log } = this.parts;
    const { seq, start } = log.begin();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const queryString = q < 0 ? '' : rawUrl.slice(q + 1);
    const control = path === '/_sim' || path.startsWith('/_sim/');
    const meta: { fault?: string; user?: string } = {};
    let logged = false;
    res.once('close', () => {
      if (logged) return;
      logged = true;
      this.hung.delete(res);
      const status = res.headersSent && res.writableFinished ? res.statusCode : 0;
      log.finish({ seq, method, path, query: queryString, status, start, control, ...meta });
    });
    void this.process(req, res, { method, rawUrl, path, queryString, control, meta }).catch((error: unknown) => {
      if (!res.headersSent) {
        const message = error instanceof Error ? error.message : String(error);
        this.write(res, { status: 500, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: JSON.stringify({ errorMessages: [`Simulator error: ${message}`], errors: {} }) });
      }
    });
  };

  private async process(
    req: IncomingMessage,
    res: ServerResponse,
    r: { method: string; rawUrl: string; path: string; queryString: string; control: boolean; meta: { fault?: string; user?: string } },
  ): Promise<void> {
    const { sim, auth, control } = this.parts;
    const query = new URLSearchParams(r.queryString);
    if (r.control) {
      if (!control) return this.write(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Control API disabled' });
      return this.write(res, await control(r.method, r.path, query, await readBody(req)));
    }

    const decision = sim.faults.decide(r.path);
    if (decision.kind !== 'hang' && decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.kind === 'hang') {
      r.meta.fault = 'hang';
      this.hung.add(res);
      return;
    }
    if (decision.kind === 'drop') {
      r.meta.fault = 'dropConnection';
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      r.meta.fault = decision.fault;
      return this.write(res, decision);
    }

    const body = r.method === 'GET' || r.method === 'HEAD' ? '' : await readBody(req);
    const url = `${sim.baseUrl}${r.rawUrl}`;
    const route = routeFor(sim, r.method, r.path, url);
    if (!('handle' in route)) return this.write(res, route);

    const caller = auth.identify(req.headers.authorization);
    if (caller.kind === 'refused') return this.write(res, caller.response);
    const allowAnonymous = route.alwaysAnonymous === true || (route.anonymous && sim.settings.anonymousAccess);
    if (caller.kind === 'anonymous' && !allowAnonymous) {
      return this.write(res, unauthorized(sim.mode, sim.baseUrl, caller.credentialsFailed));
    }
    if (caller.kind === 'user') r.meta.user = caller.user.accountId;

    const apiRequest: ApiRequest = { method: r.method, path: r.path, query, url, headers: req.headers, body, caller };
    const response = route.handle(apiRequest);
    response.headers['X-AREQUESTID'] = `${++this.requestCounter}x${process.pid}`;
    if (caller.kind === 'user') {
      response.headers[SERAPH_HEADER] = 'OK';
      if (sim.mode === 'cloud') response.headers['X-AACCOUNTID'] = caller.user.accountId;
      else response.headers['X-AUSERNAME'] = caller.user.name;
    } else if (caller.credentialsFailed) {
      // The tell-tale of a dead token on an endpoint that also serves anonymous callers.
      response.headers[SERAPH_HEADER] = 'AUTHENTICATED_FAILED';
    }
    Object.assign(response.headers, sim.faults.rateLimitHeaders());
    if (decision.corruptJson && response.status === 200) {
      r.meta.fault = 'malformedJson';
      response.body = response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2)));
    }
    this.write(res, response);
  }

  private write(res: ServerResponse, response: Pick<SimResponse, 'status' | 'headers' | 'body'>): void {
    if (res.destroyed) return;
    // Encoding once into a Buffer is cheaper than byteLength() plus a string write (profiled).
    const body = Buffer.from(response.body, 'utf8');
    response.headers['Content-Length'] = String(body.length);
    res.writeHead(response.status, response.headers);
    res.end(body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
