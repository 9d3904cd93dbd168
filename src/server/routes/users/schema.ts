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
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const userIdParams = z.object({ id: z.string().min(1) });

export const createUserBody = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  role: roleSchema.optional(),
});

export const updateUserBody = z.object({
  email: emailSchema.optional(),
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  password: passwordSchema.optional(),
});
