/**
 * Jira webhooks: the receiver Jira posts to (public; the token in the URL is the credential) and the
 * admin routes that show, rotate and register a connection's webhook URL.
 */
import type { App } from '../../app-types';
import { UnauthenticatedError, ValidationError } from '../../errors';
import { webhookDeliveries } from '../../metrics';
import { isWebhookTokenValid, receiveDelivery } from '../../services/webhooks/webhook-receiver';
import { getWebhook, registerWebhook, rotateWebhook, type WebhookDeps } from '../../services/webhooks/webhook-service';
import { connectionIdParams } from '../../../contract/integrations';
import { deliveryParams, deliveryQuery, deliveryResponse, registrationSchema, webhookSchema } from '../../../contract/webhooks';

const tags = ['integrations'];
const CONNECTION_WEBHOOK = '/integrations/jira/connections/:id/webhook';
/** Jira sends the whole issue; a long description or many fields can go past the API's usual limit. */
const DELIVERY_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const BAD_TOKEN_MESSAGE =
  'The webhook token is wrong or was replaced. Copy the webhook URL again from Pacer (Admin > Integrations > the connection > Webhook) and update it in Jira.';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Issue text may hold characters Pacer refuses in API bodies (NUL, half an emoji). A delivery is
 * never stored as sent, so they are replaced rather than refused: a 400 would lose the event.
 */
function parseDeliveryJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD') : value,
  );
}

/** The address the admin's browser used, for the webhook URL when PACER_PUBLIC_URL is not set. */
function originOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}

async function deliveryRoutes(app: App): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: DELIVERY_BODY_LIMIT_BYTES }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    try {
      done(null, text.trim() === '' ? undefined : parseDeliveryJson(text));
    } catch {
      done(ValidationError.field('body', 'is not valid JSON; Jira sends its webhook events as JSON'), undefined);
    }
  });

  app.post(
    '/webhooks/jira/:connectionId',
    {
      config: { auth: 'public' },
      bodyLimit: DELIVERY_BODY_LIMIT_BYTES,
      schema: {
        summary: 'Receives Jira webhook events for a connection (public; authenticated by the token in the URL)',
        tags,
        params: deliveryParams,
        querystring: deliveryQuery,
        response: { 200: deliveryResponse, 202: deliveryResponse },
      },
      // Checked before the body is read: a caller without the token costs one indexed lookup.
      onRequest: async (request) => {
        const { connectionId } = request.params as { connectionId?: string };
        const { token } = request.query as { token?: string };
        const valid = typeof connectionId === 'string' && typeof token === 'string' && (await isWebhookTokenValid(app.db, app.secretKey, connectionId, token));
        if (!valid) {
          webhookDeliveries.inc({ result: 'unauthorized' });
          throw new UnauthenticatedError(BAD_TOKEN_MESSAGE);
        }
      },
    },
    async (request, reply) => {
      const identifier = request.headers['x-atlassian-webhook-identifier'];
      const deliveryId = typeof identifier === 'string' && identifier.trim() !== '' ? identifier.trim().slice(0, 200) : null;
      const outcome = await receiveDelivery(
        { db: app.db, secretKey: app.secretKey, jobs: app.jobs, now: () => new Date() },
        request.params.connectionId,
        deliveryId,
        request.body,
      );
      webhookDeliveries.inc({ result: outcome.result });
      if (outcome.result === 'invalid') throw ValidationError.field('body', outcome.message);
      // Never the payload: only what was done with it.
      request.log.debug({ connectionId: request.params.connectionId, result: outcome.result }, 'jira webhook delivery');
      if (outcome.result === 'accepted') return reply.code(202).send({ result: 'accepted', links: outcome.links });
      if (outcome.result === 'ignored') return reply.code(200).send({ result: 'ignored', reason: outcome.reason });
      return reply.code(200).send({ result: 'duplicate' });
    },
  );
}

export default async function webhookRoutes(app: App): Promise<void> {
  const deps = (): WebhookDeps => ({ db: app.db, secretKey: app.secretKey, publicUrl: app.pacerConfig.publicUrl });

  await app.register(deliveryRoutes);

  app.get(
    CONNECTION_WEBHOOK,
    {
      config: { auth: 'admin' },
      schema: {
        summary: "A connection's webhook URL to register in Jira, whether it is registered and when Jira last delivered (admin)",
        tags,
        params: connectionIdParams,
        response: { 200: webhookSchema },
      },
    },
    async (request) => getWebhook(deps(), request.params.id, originOf(request), new Date()),
  );

  app.post(
    `${CONNECTION_WEBHOOK}/rotate`,
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the webhook token (admin): the old URL stops working at once; register the new one in Jira',
        tags,
        params: connectionIdParams,
        response: { 200: webhookSchema },
      },
    },
    async (request) => {
      const view = await rotateWebhook(deps(), request.params.id, originOf(request), new Date());
      request.log.info({ connectionId: request.params.id }, 'jira webhook token rotated');
      return view;
    },
  );

  app.post(
    `${CONNECTION_WEBHOOK}/register`,
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          "Register the webhook in Jira as the connection's user (admin); `registered: false` with instructions when Jira does not allow it",
        tags,
        params: connectionIdParams,
        response: { 200: registrationSchema },
      },
    },
    async (request) => {
      const result = await registerWebhook(deps(), request.params.id, originOf(request), new Date());
      request.log.info({ connectionId: request.params.id, registered: result.registered, reason: result.reason }, 'jira webhook registration');
      return result;
    },
  );
}
