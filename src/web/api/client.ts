/**
 * The one way the web app talks to the server: JSON over same-origin fetch with the session
 * cookie. Every failure becomes an ApiError whose message is fit to show to a person.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The message the server gave for one form field, if any (e.g. "must not be empty"). */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

const API_BASE = '/api/v1';

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.field === 'string' && typeof candidate.message === 'string';
}

/** Generic wording for when the server gave no usable message (proxy errors, HTML pages, crashes). */
function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You do not have permission to do that. Ask an admin if you need it.';
  if (status === 404) return 'That item no longer exists. Reload the page to see the current state.';
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status >= 500) return `The server had a problem (HTTP ${status}). Try again; if it keeps happening, check the server logs.`;
  return `The request failed (HTTP ${status}). Check what you entered and try again.`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  const code = typeof error?.code === 'string' ? error.code : 'http_error';
  const message = typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(response.status);
  const fields = Array.isArray(error?.fields) ? error.fields.filter(isFieldError) : [];
  return new ApiError(response.status, code, message, fields);
}

declare global {
  interface Window {
    /** GET requests public/boot-requests.js started before the app arrived, by API path. */
    pacerEarlyResponses?: { startedAt: number; requests: Record<string, Promise<Response> | undefined> };
  }
}

/** Early responses are for the first screen only: later, or after any change (a log-in), they are stale. */
const EARLY_RESPONSE_MAX_AGE_MS = 10_000;

/** The early response for `path`, once, if it succeeded; otherwise null and the caller asks again. */
async function takeEarlyResponse(path: string): Promise<Response | null> {
  const early = window.pacerEarlyResponses;
  const request = early?.requests[path];
  if (!early || !request) return null;
  early.requests[path] = undefined;
  if (Date.now() - early.startedAt > EARLY_RESPONSE_MAX_AGE_MS) return null;
  const response = await request.catch(() => null);
  return response?.ok ? response : null;
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  if (method === 'GET') {
    const early = await takeEarlyResponse(path);
    if (early) return early;
  } else {
    window.pacerEarlyResponses = undefined;
  }
  return fetch(`${API_BASE}${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await send(method, path, body);
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the Pacer server. Check that it is running and your connection works, then try again.');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A multipart POST (a file upload, e.g. an import). The browser sets the multipart Content-Type with
 * its boundary, so none is given here; failures become the same ApiError as every other request.
 */
export async function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  window.pacerEarlyResponses = undefined;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: form });
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the Pacer server. Check that it is running and your connection works, then try again.');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: (path: string) => apiRequest<void>('DELETE', path),
};

/** A message for any thrown value, for notifications. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}
