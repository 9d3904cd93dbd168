/**
 * Uploads for POST /api/v1/imports: a multipart/form-data body built by hand (so tests control
 * every part: a second file, an unknown field, a missing one) and the request that sends it.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Actor, AppTestContext } from './app-harness';

export type FormPart = { name: string; value: string } | { name: string; file: Uint8Array; filename?: string; contentType?: string };

export function multipartBody(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----pacer-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('file' in part) {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename ?? 'export.zip'}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`),
        Buffer.from(part.file),
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /api/v1/imports with these parts. */
export async function postImportForm(ctx: AppTestContext, actor: Actor, parts: FormPart[]): Promise<LightMyRequestResponse> {
  const { body, contentType } = multipartBody(parts);
  return ctx.request('POST', '/api/v1/imports', { as: actor, body, headers: { 'content-type': contentType } });
}

/** The usual form: one file, its source and dryRun. */
export async function postImport(ctx: AppTestContext, actor: Actor, file: Uint8Array, source: string, dryRun: boolean): Promise<LightMyRequestResponse> {
  return postImportForm(ctx, actor, [
    { name: 'source', value: source },
    { name: 'dryRun', value: String(dryRun) },
    { name: 'file', file },
  ]);
}
