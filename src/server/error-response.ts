/**
 * Turns anything thrown while handling a request into our error shape and status. Bad input of
 * any kind (schema violations, broken JSON, oversized bodies) becomes a 4xx that names the problem;
 * only real faults become 500, and those are logged with their stack (the caller sees the request id).
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isForeignKeyViolation, isUniqueViolation } from './db/database';
import {
  AppError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  ValidationError,
  type ErrorBody,
  type ErrorCode,
  type FieldProblem,
} from './errors';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** True for faults of ours that belong in the error log. */
  isFault: boolean;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

function fieldName(instancePath: string, context: string | undefined): string {
  const parts = instancePath.split('/').filter(Boolean);
  return parts.length > 0 ? parts.join('.') : (context ?? 'body');
}

function friendlyZodMessage(message: string): string {
  if (/received undefined/.test(message)) return 'is required';
  return message.replace(/^Invalid input: /, '');
}

/** What a strict body says about a field it does not take (zod's unrecognized_keys). */
export const UNKNOWN_FIELD_MESSAGE = 'is not a field of this request; remove it (docs/API.md lists the fields each request takes)';

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: { keys?: unknown };
}

function validationProblems(error: FastifyError & { validation: ValidationIssue[] }): FieldProblem[] {
  const context = (error as { validationContext?: string }).validationContext;
  return error.validation.flatMap((issue) => {
    const keys = issue.params?.keys;
    // One problem per unknown field, named like any other field, instead of one for the whole body.
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
      const parent = issue.instancePath.split('/').filter(Boolean);
      return keys.map((key) => ({ field: [...parent, String(key)].join('.'), message: UNKNOWN_FIELD_MESSAGE }));
    }
    return [{ field: fieldName(issue.instancePath, context), message: friendlyZodMessage(issue.message ?? 'is invalid') }];
  });
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function fromFastifyClientError(error: FastifyError, status: number, bodyLimitBytes: number): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(bodyLimitBytes);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError(undefined);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ValidationError.field('body', `is not valid JSON (${error.message}); send a JSON object`);
    default:
      if (status === 429) return new RateLimitedError(error.message);
      if (error instanceof SyntaxError || /JSON/.test(error.message)) {
        return ValidationError.field('body', `is not valid JSON (${error.message}); send a JSON object`);
      }
      return new AppError(status, STATUS_CODES[status] ?? 'validation_failed', error.message);
  }
}

/**
 * `bodyLimitBytes` is the limit of the route that refused the body (the Jira webhook takes 8 MiB),
 * so a 413 names the limit that applied.
 */
export function toErrorResponse(error: unknown, requestId: string, bodyLimitBytes: number = BODY_LIMIT_BYTES): ErrorResponse {
  if (error instanceof AppError) return { status: error.statusCode, body: error.toBody(), isFault: false };

  if (hasZodFastifySchemaValidationErrors(error)) {
    const problem = new ValidationError(validationProblems(error));
    return { status: 400, body: problem.toBody(), isFault: false };
  }

  // Safety nets for constraint violations a service did not check first: still the caller's input.
  if (isUniqueViolation(error)) {
    const problem = new ConflictError('A record with the same unique value already exists; choose another value.');
    return { status: 409, body: problem.toBody(), isFault: false };
  }
  if (isForeignKeyViolation(error)) {
    const problem = new ConflictError('This refers to a record that does not exist, or the record is still in use; reload and try again.');
    return { status: 409, body: problem.toBody(), isFault: false };
  }

  const fastifyError = error as Partial<FastifyError>;
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500 && !isResponseSerializationError(error as Error)) {
    return { status, body: fromFastifyClientError(error as FastifyError, status, bodyLimitBytes).toBody(), isFault: false };
  }

  return {
    status: 500,
    isFault: true,
    body: {
      error: {
        code: 'internal',
        message: `Something went wrong on the server (request ${requestId}). Try again; if it keeps happening, ask an admin to check the server log for this request id.`,
      },
    },
  };
}
