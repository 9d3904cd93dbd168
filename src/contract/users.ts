import { z } from 'zod';
import { isTooGuessable, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, TOO_GUESSABLE_MESSAGE } from './password-policy';
import { requiredOr, requiredText } from './validation';

export const emailSchema = z
  .string({ error: requiredOr('must be an email address such as ada@example.com') })
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an email address such as ada@example.com' }));

export const nameSchema = requiredText(200);

/** Every password that is set (set-up, user creation, reset, own change): see auth/password-policy.ts. */
export const passwordSchema = z
  .string({ error: requiredOr('must be a text') })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
  .superRefine((password, context) => {
    // Only a password of an allowed length is estimated (zod runs this even after a length issue).
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) return;
    if (isTooGuessable(password)) context.addIssue({ code: 'custom', message: TOO_GUESSABLE_MESSAGE });
  });

export const roleSchema = z.enum(['admin', 'member'], { error: requiredOr('must be "admin" or "member"') });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const userIdParams = z.object({ id: z.string().min(1) });

// Request bodies are strict: an unknown field (say `disabled` for `active`) is a 400 naming it,
// never silently dropped while the answer says 200.
export const createUserBody = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  role: roleSchema.optional(),
});

export const updateUserBody = z.strictObject({
  email: emailSchema.optional(),
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  password: passwordSchema.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string({ error: requiredOr('must be a text') }).min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  // The same rules as every other new password (the password policy lives in passwordSchema).
  newPassword: passwordSchema,
});

export const userTokenParams = z.object({ id: z.string().min(1), tokenId: z.string().min(1) });

export type Role = z.infer<typeof roleSchema>;
export type User = z.infer<typeof userSchema>;
export type NewUserInput = z.input<typeof createUserBody>;
export type UserPatch = z.input<typeof updateUserBody>;
export type PasswordChange = z.input<typeof changePasswordBody>;
