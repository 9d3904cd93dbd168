/** A connection's webhook as admins see it (the URL holds the token), and Jira's deliveries to it. */
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

/** A delivery from Jira: the connection in the path, the token in the query (Jira cannot sign its webhooks). */
export const deliveryParams = z.object({ connectionId: z.string().min(1).max(100) });
export const deliveryQuery = z.object({ token: z.string().max(200).optional() });
export const deliveryResponse = z.object({
  result: z.enum(['accepted', 'duplicate', 'ignored']),
  links: z.number().int().optional(),
  reason: z.string().optional(),
});

export type JiraWebhook = z.infer<typeof webhookSchema>;
export type JiraWebhookRegistration = z.infer<typeof registrationSchema>;
