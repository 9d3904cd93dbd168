/**
 * A small HTTP client for reliability runs against a real server: a caller is a session cookie
 * (with the Origin header the CSRF guard wants) or an API token. Every answer is recorded with its
 * status and time so a run can be summarised; network failures are answers with status 0.
 */
export interface Caller {
  label: string;
  headers: Record<string, string>;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  ms: number;
  error?: string;
}

export async function call<T = unknown>(baseUrl: string, caller: Caller | null, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(caller?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as T, text, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: undefined as T, text: '', ms: performance.now() - started, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

export function bearer(label: string, token: string): Caller {
  return { label, headers: { authorization: `Bearer ${token}` } };
}

/** Signs in through the API; the caller then sends the session cookie and the app's own Origin. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Caller> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pacer_session='))?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return { label: `session of ${email}`, headers: { cookie, origin: baseUrl } };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
