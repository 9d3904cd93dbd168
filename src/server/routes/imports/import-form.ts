/**
 * Reads the import form (multipart/form-data: one `file`, `source`, `dryRun`) into plain values.
 * The file is read whole into memory because every parser needs random access (a ZIP's central
 * directory sits at its end); its size is capped here, while it streams in, so an oversized upload
 * is refused before it is held. Anything else in the form — a second file, an unknown field, a
 * field sent twice — is a 400 naming it, like the strict JSON bodies (strict-bodies.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { importFormFields, type ImportSource } from '../../../contract/imports';
import { AppError, ValidationError, type FieldProblem } from '../../errors';
import { UNKNOWN_FIELD_MESSAGE } from '../../error-response';

/** The largest file the route reads (the ZIP reader's own caps then bound what it inflates). */
export const IMPORT_FILE_MAX_BYTES = 200 * 1024 * 1024;
/** Text fields are short words; anything longer is not one of ours. */
const FIELD_MAX_BYTES = 100;

export const IMPORT_MULTIPART_LIMITS = {
  fileSize: IMPORT_FILE_MAX_BYTES,
  fieldSize: FIELD_MAX_BYTES,
  fieldNameSize: 100,
  // One more than allowed of each, so that the extra one reaches the loop below and is named.
  files: 2,
  fields: 3,
  parts: 5,
  headerPairs: 20,
};

export interface ImportForm {
  bytes: Buffer;
  source: ImportSource;
  dryRun: boolean;
}

const FORM_HINT = 'send multipart/form-data with the fields file (the export), source (viva-goals, pacer or csv) and dryRun (true or false)';

function fileTooLarge(): AppError {
  return new AppError(413, 'payload_too_large', `file: the file is larger than ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB; export less (one cycle at a time) or ask an admin to import it in parts.`, [
    { field: 'file', message: `is larger than ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB` },
  ]);
}

/** @fastify/multipart's own errors (limits, a broken stream) in our words; anything else unchanged. */
function translated(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge();
    case 'FST_FILES_LIMIT':
      return ValidationError.field('file', 'was sent more than once; send one file per import');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return ValidationError.field('body', `has more parts than the import form takes; ${FORM_HINT}`);
    case 'FST_PROTO_VIOLATION':
      return ValidationError.field('body', `has a field name that is not allowed; ${FORM_HINT}`);
    case 'FST_MP_PREMATURE_CLOSE':
      return ValidationError.field('file', 'did not arrive complete (the upload was cut off); upload it again');
    default:
      return error;
  }
}

/** Drains a part the form refuses, so the request stream is not left half-read. */
function drain(part: Multipart): void {
  if (part.type === 'file') part.file.resume();
}

async function readParts(request: FastifyRequest): Promise<{ file: Buffer | null; fields: Record<string, string> }> {
  let file: Buffer | null = null;
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for await (const part of request.parts({ limits: IMPORT_MULTIPART_LIMITS })) {
    const name = part.fieldname;
    if (name !== 'file' && name !== 'source' && name !== 'dryRun') {
      drain(part);
      throw ValidationError.field(name.slice(0, 100), UNKNOWN_FIELD_MESSAGE);
    }
    if (name === 'file') {
      if (part.type !== 'file') throw ValidationError.field('file', 'must be a file part (a form file input), not text');
      if (file !== null) {
        drain(part);
        throw ValidationError.field('file', 'was sent more than once; send one file per import');
      }
      file = await part.toBuffer();
      if (part.file.truncated) throw fileTooLarge();
      continue;
    }
    if (part.type === 'file') {
      drain(part);
      throw ValidationError.field(name, 'must be a text field, not a file');
    }
    if (name in fields) throw ValidationError.field(name, 'was sent more than once; send it once');
    if (part.valueTruncated) throw ValidationError.field(name, `is longer than ${FIELD_MAX_BYTES} bytes; ${FORM_HINT}`);
    fields[name] = typeof part.value === 'string' ? part.value : String(part.value);
  }
  return { file, fields };
}

export async function readImportForm(request: FastifyRequest): Promise<ImportForm> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', `An import is a file upload: ${FORM_HINT}.`);
  }
  let read: { file: Buffer | null; fields: Record<string, string> };
  try {
    read = await readParts(request);
  } catch (error) {
    throw translated(error);
  }
  const problems: FieldProblem[] = [];
  if (read.file === null) problems.push({ field: 'file', message: 'is required: attach the export file' });
  else if (read.file.length === 0) problems.push({ field: 'file', message: 'is empty; attach the export file as downloaded' });
  const parsed = importFormFields.safeParse({ source: read.fields.source, dryRun: read.fields.dryRun });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'body');
      const message = read.fields[field] === undefined ? 'is required' : field === 'source' ? 'must be viva-goals, pacer or csv' : 'must be true or false';
      problems.push({ field, message });
    }
  }
  if (problems.length > 0 || read.file === null || !parsed.success) throw new ValidationError(problems);
  return { bytes: read.file, source: parsed.data.source, dryRun: parsed.data.dryRun };
}
