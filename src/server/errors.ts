/**
 * Typed errors with stable codes. Services throw these; the central error handler in app.ts turns
 * them into `{error: {code, message, fields?}}` with the matching HTTP status. Codes are part of
 * the API contract (docs/API.md): add new ones, never rename.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  // Signed in and allowed to read the OKR, but only its owner or an admin may change it (403).
  | 'not_owner'
  | 'not_found'
  | 'conflict'
  | 'setup_done'
  | 'payload_too_large'
  | 'rate_limited'
  | 'csrf_rejected'
  | 'unsupported_media_type'
  | 'internal'
  // A Jira connection test failed: `jira_` + the Jira client's error code.
  | 'jira_auth_failed'
  | 'jira_forbidden'
  | 'jira_jql_invalid'
  | 'jira_not_found'
  | 'jira_rate_limited'
  | 'jira_unreachable'
  | 'jira_timeout'
  | 'jira_bad_response'
  // Every request slot Pacer may use on the connection stayed taken too long (503; nothing reached Jira).
  | 'jira_busy'
  // A user already has PACER_JIRA_INTERACTIVE_PER_USER previews, saves or refreshes running (429).
  | 'too_many_jira_requests'
  // A stored Jira password/token can't be decrypted (the encryption key changed).
  | 'secret_unreadable'
  // A Jira query matches more issues than one link may (the admin setting maxIssuesPerLink).
  | 'too_many_issues';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldProblem[] };
}

export class AppError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;

  constructor(statusCode: number, code: ErrorCode, message: string, fields?: FieldProblem[]) {
    super(message);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.code = code;
    this.fields = fields;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** Bad input that a schema could not catch (e.g. end date before start date). Name the field. */
export class ValidationError extends AppError {
  constructor(fields: FieldProblem[]) {
    super(400, 'validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You are not signed in; sign in or send "Authorization: Bearer <token>".') {
    super(401, 'unauthenticated', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Only an admin can do this; ask an admin of your Pacer.') {
    super(403, 'forbidden', message);
  }
}

export class CsrfRejectedError extends AppError {
  constructor(message: string) {
    super(403, 'csrf_rejected', message);
  }
}

export class NotFoundError extends AppError {
  /** `what` reads like "Objective 3f2a…" so the message says exactly what was missing. */
  constructor(what: string) {
    super(404, 'not_found', `${what} was not found; it may have been deleted. Reload and try again.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields?: FieldProblem[]) {
    super(409, 'conflict', message, fields);
  }
}

export class SetupDoneError extends AppError {
  constructor() {
    super(409, 'setup_done', 'Pacer is already set up; sign in instead, or ask an admin to create your account.');
  }
}

/**
 * Jira did not accept a connection (wrong credentials, not a Jira URL, unreachable, …), or its
 * stored secret can't be read. 422: the request was well formed, but Jira (or the stored state)
 * said no; the message says why in plain words and `fields` names what to correct. `jira_busy` is
 * the exception, a 503: Pacer's own request slots for the connection were all taken, so nothing
 * was asked and the same request may well succeed in a minute.
 */
export class JiraConnectionRejectedError extends AppError {
  constructor(code: Extract<ErrorCode, `jira_${string}` | 'secret_unreadable'>, message: string, fields?: FieldProblem[]) {
    super(code === 'jira_busy' ? 503 : 422, code, message, fields);
  }
}

/** The user already has as many Jira-backed requests running as allowed (PACER_JIRA_INTERACTIVE_PER_USER). */
export class TooManyJiraRequestsError extends AppError {
  constructor(perUser: number) {
    super(
      429,
      'too_many_jira_requests',
      `You already have ${perUser} Jira request${perUser === 1 ? '' : 's'} running (previews, saves or refreshes of Jira links), the most Pacer runs at once for one person. Wait for ${perUser === 1 ? 'it' : 'one'} to finish, then try again.`,
    );
  }
}

/** A link's query matches more issues than the admin allows one link: 422, naming the field to narrow. */
export class TooManyIssuesError extends AppError {
  constructor(field: string, message: string) {
    super(422, 'too_many_issues', message, [{ field, message }]);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${Math.round(limitBytes / 1024)} KiB; send less data.`);
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string) {
    super(429, 'rate_limited', message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(contentType: string | undefined) {
    super(
      415,
      'unsupported_media_type',
      `Request bodies must be JSON, but Content-Type was ${contentType ? `"${contentType}"` : 'missing'}; send Content-Type: application/json.`,
    );
  }
}
