import { z } from 'zod';
import { requiredText } from './validation';

/** A token as listed: never the token itself nor its hash (the token is shown once, at creation). */
export const tokenSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: 'ApiToken' });

/** The answer to creating a token: the only time the token itself is sent. */
export const createdTokenSchema = z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string() });

// Strict, like every body of the user, token and me routes: an unknown field is a 400 naming it.
export const createTokenBody = z.strictObject({ name: requiredText(100) });

export type ApiToken = z.infer<typeof tokenSchema>;
export type CreatedApiToken = z.infer<typeof createdTokenSchema>;
export type TokenInput = z.input<typeof createTokenBody>;
