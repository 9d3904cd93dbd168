/** Signing in and the first admin's set-up: bodies and the answer (the session itself travels as a cookie). */
import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema, userSchema } from './users';
import { requiredOr, requiredText } from './validation';

export const signInBody = z.object({
  email: requiredText(254),
  password: z.string({ error: requiredOr('must be a text') }).min(1, 'must not be empty').max(1000),
});

export const setupBody = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });

/** Who is signed in now, after signing in or setting up. */
export const signedInSchema = z.object({ user: userSchema });

export type SignInInput = z.input<typeof signInBody>;
export type SetupInput = z.input<typeof setupBody>;
export type SignedIn = z.infer<typeof signedInSchema>;
