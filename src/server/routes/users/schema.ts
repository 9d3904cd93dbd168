import { z } from 'zod';
import { requiredOr, requiredText } from '../../validation';

export const emailSchema = z
  .string({ error: requiredOr('must be an email address such as ada@example.com') })
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an email address such as ada@example.com' }));

export const nameSchema = requiredText(200);

export const passwordSchema = z
  .string({ error: requiredOr('must be a text') })
  .min(8, 'must be at least 8 characters')
  .max(1000, 'must be at most 1000 characters');

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
