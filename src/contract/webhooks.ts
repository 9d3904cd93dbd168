/** Response shapes of a connection's webhook (admin only: the URL holds the token). */
import { z } from 'zod';

export const webhookSchema = z
  .object({
    /** The URL to register in Jira; it carries the token, so treat it like a password. */
    url: z.string(),
    registered: z.boolean(),
    registeredAt: z.string().nullable(),
    lastDeliveryAt: z.string().nullable(),
    live: z.boolean(),
    warning: z.string().nullable(),
    instructions: z.string(),
  })
  .meta({ id: 'JiraWebhook' });

export const registrationSchema = z
  .object({
    registered: z.boolean(),
    reason: z.enum(['forbidden', 'not_supported', 'auth_failed', 'unreachable', 'rejected']).nullable(),
    message: z.string(),
    instructions: z.string().nullable(),
    webhook: webhookSchema,
  })
  .meta({ id: 'JiraWebhookRegistration' });

export type JiraWebhook = z.infer<typeof webhookSchema>;
export type JiraWebhookRegistration = z.infer<typeof registrationSchema>;
